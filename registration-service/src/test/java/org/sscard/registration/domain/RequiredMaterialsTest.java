package org.sscard.registration.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sscard.events.MaterialKind;
import org.sscard.registration.config.LocalRules;
import org.sscard.registration.config.MaterialsConfig;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What each category and age must supply (docs/domain.md, sections 1 and 2), with the default local rules. */
class RequiredMaterialsTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 22);

    static final MaterialsConfig DEFAULTS = LocalRules.DEFAULTS;

    @ParameterizedTest(name = "{0}, age {1}, with [{2}] → missing [{3}]")
    @CsvSource(delimiter = ';', value = {
            "RESIDENT; 30; ; IDENTITY_DOCUMENT PHOTO",
            "RESIDENT; 30; ID_FRONT ID_BACK PHOTO; ",
            "RESIDENT; 30; ID_FRONT PHOTO; IDENTITY_DOCUMENT",
            "RESIDENT; 30; HOUSEHOLD_REGISTER PHOTO; ",
            "EMPLOYEE; 40; ID_FRONT ID_BACK; PHOTO",
            "EMPLOYEE; 40; ID_FRONT ID_BACK PHOTO SPECIAL_CERTIFICATE; ",
            "INDIVIDUAL_BUSINESS; 35; ID_FRONT ID_BACK PHOTO; BUSINESS_LICENCE",
            "INDIVIDUAL_BUSINESS; 35; ID_FRONT ID_BACK PHOTO BUSINESS_LICENCE; ",
            "FLEXIBLE; 28; ID_FRONT ID_BACK PHOTO; ",
            "JOB_SEEKER; 22; ID_BACK PHOTO; IDENTITY_DOCUMENT",
            "STUDENT; 19; ID_FRONT ID_BACK PHOTO; ",
            "STUDENT; 15; ID_FRONT ID_BACK PHOTO; GUARDIAN_ID RELATIONSHIP_PROOF",
            "CHILD; 5; HOUSEHOLD_REGISTER; GUARDIAN_ID RELATIONSHIP_PROOF",
            "CHILD; 5; HOUSEHOLD_REGISTER GUARDIAN_ID RELATIONSHIP_PROOF; ",
            "CHILD; 10; HOUSEHOLD_REGISTER GUARDIAN_ID RELATIONSHIP_PROOF; PHOTO",
            "CHILD; 10; HOUSEHOLD_REGISTER PHOTO GUARDIAN_ID RELATIONSHIP_PROOF; ",
            "RETIREE; 70; ID_FRONT ID_BACK PHOTO; ",
            "FOREIGNER; 33; PASSPORT PHOTO; ",
            "FOREIGNER; 33; PHOTO; IDENTITY_DOCUMENT",
            "RESIDENT; 33; PASSPORT PHOTO; IDENTITY_DOCUMENT",
            "HK_MACAO_TAIWAN; 45; ID_FRONT ID_BACK PHOTO; ",
    })
    void requiredMaterialsByCategoryAndAge(String category, int age, String present, String expected) {
        LocalDate born = TODAY.minusYears(age).minusDays(1);
        List<String> missing = RequiredMaterials.missing(category, born, TODAY, kinds(present), DEFAULTS).stream()
                .map(RequiredMaterials.Missing::requirement).toList();
        assertEquals(expected == null ? List.of() : List.of(expected.split(" ")), missing);
    }

    @ParameterizedTest(name = "photo optional under {0}: age 8 needs a photo = {1}")
    @CsvSource({"7, true", "10, false"})
    void thePhotoAgeIsALocalRule(int photoOptionalUnder, boolean needsPhoto) {
        MaterialsConfig local = LocalRules.DEFAULTS.withPhotoOptionalUnderAge(photoOptionalUnder);
        var missing = RequiredMaterials.missing("CHILD", TODAY.minusYears(8), TODAY,
                kinds("HOUSEHOLD_REGISTER GUARDIAN_ID RELATIONSHIP_PROOF"), local);
        assertEquals(needsPhoto, missing.stream().anyMatch(m -> m.requirement().equals("PHOTO")));
    }

    private static Set<MaterialKind> kinds(String names) {
        if (names == null || names.isBlank()) {
            return EnumSet.noneOf(MaterialKind.class);
        }
        return Arrays.stream(names.trim().split(" ")).map(MaterialKind::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(MaterialKind.class)));
    }
}
