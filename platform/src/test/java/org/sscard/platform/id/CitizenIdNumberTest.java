package org.sscard.platform.id;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CitizenIdNumberTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void acceptsTheWorkedExampleOfTheStandard() {
        assertTrue(CitizenIdNumber.isValid("11010519491231002X", CLOCK));
        assertEquals('X', CitizenIdNumber.checkCharacter("11010519491231002X"));
        assertEquals("FEMALE", CitizenIdNumber.sex("11010519491231002X"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "110105194912310021, the check character does not match (GB 11643)",
            "11010519491231002, must be 18 characters",
            "1101051949123100AX, the first 17 characters must be digits",
            "11010519491231002Y, the check character must be a digit or X",
            "000105194912310023, the province code is not a valid GB/T 2260 code",
            "110105194902300021, the birth date is not a real date",
            "110105209912310020, the birth date is in the future",
    })
    void refusesInvalidNumbersSayingWhy(String id, String why) {
        assertEquals(why, CitizenIdNumber.problem(id, CLOCK).orElse("valid"));
    }

    @Test
    void acceptsForeignPermanentResidenceIdsWithTheSameCheck() {
        String base = "93010519850101001";
        String id = base + CitizenIdNumber.checkCharacter(base);
        assertTrue(CitizenIdNumber.isValid(id, CLOCK));
    }

    @Test
    void masksAllButFirstThreeAndLastFour() {
        assertEquals("110***********002X", CitizenIdNumber.mask("11010519491231002X"));
    }
}
