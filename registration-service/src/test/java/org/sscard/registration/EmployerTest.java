package org.sscard.registration;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.sscard.infra.DevTokens;
import org.sscard.registration.domain.CreditCode;

import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Employers are registered with a checked credit code before they apply for their staff. */
@QuarkusTest
class EmployerTest {
    static final String CLERK = DevTokens.token("intake-clerk", "emp-clerk");

    static String newCreditCode() {
        String base = "91110105" + String.format("%09d", ThreadLocalRandom.current().nextInt(1_000_000_000));
        return base + CreditCode.checkCharacter(base);
    }

    static String registration(String code) {
        return "{\"creditCode\":\"" + code + "\",\"name\":\"北京某某科技有限公司\",\"contactName\":\"李经理\",\"contactPhone\":\"13800138000\"}";
    }

    @Test
    void aClerkRegistersAnEmployerWhoseCodeIsChecked() {
        String code = newCreditCode();
        given().auth().oauth2(CLERK).contentType(ContentType.JSON).body(registration(code)).post("/api/v1/employers")
                .then().statusCode(201).header("Location", containsString(code)).body("regionCode", equalTo("110105"));
        given().auth().oauth2(CLERK).contentType(ContentType.JSON).body(registration(code)).post("/api/v1/employers")
                .then().statusCode(409).body("code", equalTo("EMPLOYER_ALREADY_REGISTERED"));
        String wrong = code.substring(0, 17) + (code.charAt(17) == '0' ? '1' : '0');
        given().auth().oauth2(CLERK).contentType(ContentType.JSON).body(registration(wrong)).post("/api/v1/employers")
                .then().statusCode(400).body("errors.field", hasItem("creditCode"))
                .body("errors.message", hasItem(containsString("GB 32100")));
        given().auth().oauth2(DevTokens.token("employer", code)).get("/api/v1/employers/" + code).then().statusCode(200);
        given().auth().oauth2(DevTokens.token("employer", newCreditCode())).get("/api/v1/employers/" + code).then().statusCode(404);
        given().auth().oauth2(DevTokens.token("employer", code)).contentType(ContentType.JSON).body(registration(newCreditCode()))
                .post("/api/v1/employers").then().statusCode(403);
    }

    @Test
    void onlyARegisteredEmployerAppliesForItsStaffAndSeesOnlyThoseApplications() {
        String code = newCreditCode();
        String employer = DevTokens.token("employer", code);
        String body = "{\"category\":\"EMPLOYEE\",\"name\":\"张伟\",\"idNumber\":\"" + TestIds.next()
                + "\",\"phone\":\"13800138000\",\"outletCode\":\"110105-001\"}";
        given().auth().oauth2(employer).contentType(ContentType.JSON).body(body).post("/api/v1/applications")
                .then().statusCode(422).body("code", equalTo("EMPLOYER_NOT_REGISTERED"));
        given().auth().oauth2(CLERK).contentType(ContentType.JSON).body(registration(code)).post("/api/v1/employers")
                .then().statusCode(201);
        String app = given().auth().oauth2(employer).contentType(ContentType.JSON).body(body).post("/api/v1/applications")
                .then().statusCode(201).body("channel", equalTo("EMPLOYER")).extract().path("id");
        given().auth().oauth2(employer).get("/api/v1/applications").then().body("id", hasItem(app));
        given().auth().oauth2(DevTokens.token("employer", newCreditCode())).get("/api/v1/applications/" + app)
                .then().statusCode(404);
    }
}
