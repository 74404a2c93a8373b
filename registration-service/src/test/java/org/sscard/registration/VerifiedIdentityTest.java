package org.sscard.registration;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.sscard.infra.DevTokens;
import org.sscard.platform.id.CitizenIdNumber;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Online applicants apply only for the person their verified identity names, and reach only that person's. */
@QuarkusTest
class VerifiedIdentityTest {

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
        String app = submit(token, child, "CHILD", guardian).statusCode(201).extract().path("id");
        // the guardian reaches the child's application through the guardian ID recorded on it; the child's own
        // verified identity does too, and nobody else's
        given().auth().oauth2(DevTokens.tokenWithIdNumber("applicant", "vi-guardian-web", guardian))
                .get("/api/v1/applications/" + app).then().statusCode(200);
        given().auth().oauth2(DevTokens.tokenWithIdNumber("applicant", "vi-guardian-web", guardian))
                .get("/api/v1/applications").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.hasItem(app));
        given().auth().oauth2(DevTokens.tokenWithIdNumber("applicant", "vi-child", child))
                .get("/api/v1/applications/" + app).then().statusCode(200);
        given().auth().oauth2(DevTokens.tokenWithIdNumber("applicant", "vi-guardian", TestIds.next()))
                .get("/api/v1/applications/" + app).then().statusCode(404);
        submit(DevTokens.token("intake-clerk", "vi-clerk"), TestIds.next(), "RESIDENT").statusCode(201);
    }
}
