package org.sscard.registration.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CreditCodeTest {
    @ParameterizedTest
    @ValueSource(strings = {"91350100M000100Y43", "91110000600037341L", "91310000717866186P"})
    void acceptsValidCodes(String code) {
        assertTrue(CreditCode.isValid(code), code);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "91350100M000100Y44, the check character does not match (GB 32100)",
            "911100001000012345, the check character does not match (GB 32100)",
            "91350100M000100Y4, must be 18 characters",
            "91350100M0001I0Y43, 'may use only 0-9 and capital letters other than I, O, S, V and Z'",
            "9135A100M000100Y43, characters 3 to 8 must be the 6-digit region code",
    })
    void refusesInvalidCodesSayingWhy(String code, String why) {
        assertEquals(why, CreditCode.problem(code).orElse("valid"));
    }
}
