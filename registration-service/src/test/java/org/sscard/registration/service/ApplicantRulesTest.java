package org.sscard.registration.service;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sscard.platform.id.CitizenIdNumber;
import org.sscard.platform.problem.FieldError;
import org.sscard.registration.config.LocalRules;
import org.sscard.registration.config.MaterialsConfig;
import org.sscard.registration.domain.ApplicantCategory;
import org.sscard.registration.domain.ApplicationForm;
import org.sscard.registration.domain.Channel;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The counter clerk's checks across fields, each with a valid and an invalid example. (Single fields, such as
 * the ID number's check character, are Bean Validation and tested through the API in ApplicationResourceTest.)
 */
class ApplicantRulesTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 22);
    static final MaterialsConfig DEFAULTS = LocalRules.DEFAULTS;

    /** A valid number for a person born on {@code born}, with an odd (male) or even (female) sequence. */
    static String id(String region, String born, boolean male) {
        String base = region + born.replace("-", "") + (male ? "011" : "012");
        return base + CitizenIdNumber.checkCharacter(base);
    }

    static final String ADULT_MALE = id("110105", "1985-03-01", true);
    static final String CHILD_10 = id("110105", "2016-05-01", false);
    static final String TEEN_15 = id("110105", "2011-06-01", true);
    static final String ADULT_17 = id("110105", "2009-06-01", true);
    static final String FOREIGNER = id("900000", "1980-01-01", true);
    static final String HONG_KONG = id("810000", "1990-01-01", false);

    @ParameterizedTest(name = "{0}: {1} → [{2}]")
    @CsvSource(delimiter = ';', nullValues = "-", value = {
            "sex matches the ID;                   RESIDENT;            ADULT_MALE; MALE;   -;        -;                  -;          -",
            "sex contradicts the ID;               RESIDENT;            ADULT_MALE; FEMALE; -;        -;                  -;          sex",
            "CHILD under 16 with a guardian;       CHILD;               CHILD_10;   -;      GUARDIAN; -;                  -;          -",
            "CHILD without a guardian;             CHILD;               CHILD_10;   -;      -;        -;                  -;          guardianName guardianIdNumber",
            "CHILD at 17;                          CHILD;               ADULT_17;   -;      GUARDIAN; -;                  -;          category",
            "a 15-year-old student needs one too;  STUDENT;             TEEN_15;    -;      -;        -;                  -;          guardianName guardianIdNumber",
            "the guardian is a minor;              CHILD;               CHILD_10;   -;      MINOR;    -;                  -;          guardianIdNumber",
            "the guardian is the child;            CHILD;               CHILD_10;   -;      SELF;     -;                  -;          guardianIdNumber",
            "foreigner with a permanent-residence ID; FOREIGNER;        FOREIGNER;  -;      -;        -;                  -;          -",
            "foreigner with a citizen ID;          FOREIGNER;           ADULT_MALE; -;      -;        -;                  -;          idNumber",
            "permanent-residence ID as a resident; RESIDENT;            FOREIGNER;  -;      -;        -;                  -;          category",
            "Hong Kong resident, 81 permit;        HK_MACAO_TAIWAN;     HONG_KONG;  -;      -;        -;                  -;          -",
            "Hong Kong category, mainland ID;      HK_MACAO_TAIWAN;     ADULT_MALE; -;      -;        -;                  -;          idNumber",
            "business with a valid licence code;   INDIVIDUAL_BUSINESS; ADULT_MALE; -;      -;        91350100M000100Y43; -;          -",
            "business without a licence code;      INDIVIDUAL_BUSINESS; ADULT_MALE; -;      -;        -;                  -;          businessCreditCode",
            "business, wrong check character;      INDIVIDUAL_BUSINESS; ADULT_MALE; -;      -;        91350100M000100Y44; -;          businessCreditCode",
            "hired last week;                      EMPLOYEE;            ADULT_MALE; -;      -;        -;                  2026-11-15; -",
            "hired next week;                      EMPLOYEE;            ADULT_MALE; -;      -;        -;                  2026-11-29; hiredOn",
    })
    void crossFieldRules(String rule, ApplicantCategory category, String who, String sex, String guardian, String licence,
                         LocalDate hiredOn, String expectedFields) {
        String idNumber = switch (who) {
            case "ADULT_MALE" -> ADULT_MALE;
            case "CHILD_10" -> CHILD_10;
            case "TEEN_15" -> TEEN_15;
            case "ADULT_17" -> ADULT_17;
            case "FOREIGNER" -> FOREIGNER;
            case "HONG_KONG" -> HONG_KONG;
            default -> throw new IllegalArgumentException(who);
        };
        String guardianId = guardian == null ? null : switch (guardian) {
            case "GUARDIAN" -> id("110105", "1980-02-02", false);
            case "MINOR" -> TEEN_15;
            case "SELF" -> idNumber;
            default -> throw new IllegalArgumentException(guardian);
        };
        ApplicationForm req = new ApplicationForm(category, "王芳", idNumber, "13800138000", "110105-001",
                Channel.AGENCY_WINDOW, null, null, null, null, sex, guardianId == null ? null : "王大明", guardianId,
                licence, hiredOn, null);
        List<String> fields = ApplicantRules.check(req, TODAY, DEFAULTS).stream().map(FieldError::field).toList();
        assertEquals(expectedFields == null ? List.of() : List.of(expectedFields.split(" ")), fields, rule);
    }

    @ParameterizedTest(name = "hired {0} days before registration: late = {1}")
    @CsvSource({"0, false", "30, false", "31, true", "400, true"})
    void employeesHiredMoreThan30DaysAgoAreRegisteredLate(int daysAgo, boolean late) {
        assertEquals(late, ApplicantRules.late(TODAY.minusDays(daysAgo), TODAY));
        assertEquals(false, ApplicantRules.late(null, TODAY));
    }
}
