package org.sscard.registration;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.sscard.infra.DevTokens;
import org.sscard.platform.id.CitizenIdNumber;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** As in production: online applicants apply only for the person their verified identity names. */
@QuarkusTest
@TestProfile(VerifiedIdentityTest.Production.class)
class VerifiedIdentityTest {
    public static class Production implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sscard.registration.require-verified-id-for-applicants", "true");
        }
    }

    static io.restassured.response.ValidatableResponse submit(String token, String idNumber, String category) {
        return submit(token, idNumber, category, null);
    }

    static io.restassured.response.ValidatableResponse submit(String token, String idNumber, String category,
                                                              String guardianIdNumber) {
        String guardian = guardianIdNumber == null ? ""
                : ",\"guardianName\":\"王芳\",\"guardianIdNumber\":\"" + guardianIdNumber + "\"";
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"category\":\"" + category + "\",\"name\":\"王芳\",\"idNumber\":\"" + idNumber
                        + "\",\"phone\":\"13800138000\",\"outletCode\":\"110105-001\"" + guardian + "}")
                .post("/api/v1/applications").then();
    }

    @Test
    void anApplicantWithoutAVerifiedIdentityCannotApplyOnline() {
        submit(DevTokens.token("applicant", "vi-anon"), TestIds.next(), "RESIDENT").statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("VERIFIED_IDENTITY_REQUIRED"));
    }

    @Test
    void anApplicantAppliesForThemselvesOnly() {
        String mine = TestIds.next();
        String token = DevTokens.tokenWithIdNumber("applicant", "vi-me", mine);
        submit(token, TestIds.next(), "RESIDENT").statusCode(403).body("code", equalTo("NOT_YOUR_ID_NUMBER"));
        submit(token, mine, "RESIDENT").statusCode(201);
    }

    @Test
    void aGuardianAppliesForAChildAndClerksApplyForAnyone() {
        String guardian = TestIds.next();
        String base = "110105" + (java.time.LocalDate.now().getYear() - 5) + "0303" + "123";
        String child = base + CitizenIdNumber.checkCharacter(base);
        String token = DevTokens.tokenWithIdNumber("applicant", "vi-guardian", guardian);
        // the guardian named on the form must be the verified person applying
        submit(token, child, "CHILD", TestIds.next()).statusCode(403).body("code", equalTo("NOT_THE_GUARDIAN"));
        submit(token, child, "CHILD", guardian).statusCode(201);
        submit(DevTokens.token("intake-clerk", "vi-clerk"), TestIds.next(), "RESIDENT").statusCode(201);
    }
}
