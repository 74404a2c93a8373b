package org.sscard.registration;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.sscard.infra.DevTokens;
import org.sscard.infra.InfraTestResource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@QuarkusTestResource(InfraTestResource.class)
class ApplicationResourceTest {

    /** A token for {@code subject}; an applicant's carries the person's verified ID number ({@link People}). */
    static String token(String role, String subject) {
        return role.equals("applicant") ? People.applicant(subject) : DevTokens.token(role, subject);
    }

    static String body(String idNumber) {
        return """
                {"category":"RESIDENT","name":"张三","idNumber":"%s","phone":"13800138000","outletCode":"110105-001"}
                """.formatted(idNumber);
    }

    @Test
    void applicantSubmitsAndSeesOwnApplicationWithMaskedIdAndTimeline() {
        String id = People.idOf("alice");
        // an applicant cannot claim to have been seen at an agency window: online is online
        String appId = given().auth().oauth2(token("applicant", "alice")).contentType(ContentType.JSON)
                .body(body(id).replace("}", ",\"channel\":\"AGENCY_WINDOW\"}"))
                .when().post("/api/v1/applications")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/applications/"))
                .body("status", equalTo("SUBMITTED"))
                .body("maskedIdNumber", equalTo(id.substring(0, 3) + "***********" + id.substring(14)))
                .body(not(containsString(id)))
                .extract().path("id");

        given().auth().oauth2(token("applicant", "alice"))
                .when().get("/api/v1/applications/" + appId)
                .then().statusCode(200)
                .body("status", equalTo("SUBMITTED"))
                .body("channel", equalTo("ONLINE"))
                .body("timeline.event", hasItem("ApplicationSubmitted"));

        given().auth().oauth2(token("applicant", "alice"))
                .when().get("/api/v1/applications")
                .then().statusCode(200)
                .body("id", hasItem(appId));
    }

    @Test
    void theApplicationIsReachedThroughTheVerifiedIdentityNeverThroughAnAccount() {
        String appId = submit("applicant", "bob", People.idOf("bob"));
        // bob's identity reaches it from any account the identity provider verified as him
        given().auth().oauth2(People.applicant("bob-on-another-phone", People.idOf("bob")))
                .get("/api/v1/applications/" + appId).then().statusCode(200);
        // a stranger, bob's own account without the verified claim, and bob's account verified as somebody else
        for (String stranger : java.util.List.of(token("applicant", "mallory"), DevTokens.token("applicant", "bob"),
                People.applicant("bob", TestIds.next()))) {
            given().auth().oauth2(stranger)
                    .when().get("/api/v1/applications/" + appId)
                    .then().statusCode(404)
                    .contentType("application/problem+json")
                    .body("code", equalTo("NOT_FOUND"));
            given().auth().oauth2(stranger)
                    .when().get("/api/v1/applications")
                    .then().statusCode(200)
                    .body("id", not(hasItem(appId)));
            given().auth().oauth2(stranger).post("/api/v1/applications/" + appId + "/withdrawal")
                    .then().statusCode(404);
        }
        // an applicant's list is their own whatever the query names
        given().auth().oauth2(token("applicant", "mallory")).queryParam("idNumber", People.idOf("bob"))
                .get("/api/v1/applications").then().statusCode(200).body("id", not(hasItem(appId)));
        // an account a clerk names on a form gains nothing by it
        String named = TestIds.next();
        String byClerk = given().auth().oauth2(token("intake-clerk", "clerk-named")).contentType(ContentType.JSON)
                .body(body(named).replace("}", ",\"applicantId\":\"mallory\"}")).post("/api/v1/applications")
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(token("applicant", "mallory")).get("/api/v1/applications/" + byClerk)
                .then().statusCode(404);
        given().auth().oauth2(People.applicant("the-person", named)).get("/api/v1/applications/" + byClerk)
                .then().statusCode(200);
    }

    @Test
    void staffSeeAnyApplicationAndSearchByExactIdNumber() {
        String id = TestIds.next();
        String appId = submit("intake-clerk", "clerk-1", id);
        given().auth().oauth2(token("reviewer", "rev-1"))
                .when().get("/api/v1/applications/" + appId)
                .then().statusCode(200)
                .body("channel", equalTo("AGENCY_WINDOW"));
        given().auth().oauth2(token("operations", "ops-1")).queryParam("idNumber", id)
                .when().get("/api/v1/applications")
                .then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].id", equalTo(appId));
    }

    @Test
    void onePersonOneCardRefusesASecondOpenApplicationWith409() {
        String id = People.idOf("carol");
        String first = submit("applicant", "carol", id);
        given().auth().oauth2(token("applicant", "carol")).contentType(ContentType.JSON).body(body(id))
                .when().post("/api/v1/applications")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("APPLICATION_ALREADY_OPEN"))
                .body("detail", containsString(first));
        // someone else typing the same ID number learns neither the application nor whether a card exists
        given().auth().oauth2(token("applicant", "dave")).contentType(ContentType.JSON).body(body(id))
                .when().post("/api/v1/applications")
                .then().statusCode(403)
                .body("code", equalTo("NOT_YOUR_ID_NUMBER"))
                .body("detail", not(containsString(first)));
        String employer = RosterTest.registeredEmployer();
        given().auth().oauth2(DevTokens.token("employer", employer)).contentType(ContentType.JSON)
                .body(body(id).replace("RESIDENT", "EMPLOYEE")).when().post("/api/v1/applications")
                .then().statusCode(409)
                .body("code", equalTo("PERSON_ALREADY_REGISTERED"))
                .body("detail", not(containsString(first)));
    }

    @Test
    void everyEndpointNeedsAToken() {
        given().contentType(ContentType.JSON).body(body(TestIds.next()))
                .when().post("/api/v1/applications")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("UNAUTHENTICATED"));
        given().when().get("/api/v1/applications").then().statusCode(401);
        given().when().get("/api/v1/applications/" + java.util.UUID.randomUUID()).then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2(token("nobody-role", "x")).when().get("/api/v1/applications").then().statusCode(403);
        given().auth().oauth2("not-a-jwt").when().get("/api/v1/applications").then().statusCode(401);
    }

    @Test
    void rolesThatMayNotSubmitGet403() {
        for (String role : new String[]{"reviewer", "outlet-clerk", "operations"}) {
            given().auth().oauth2(token(role, role + "-x")).contentType(ContentType.JSON).body(body(TestIds.next()))
                    .when().post("/api/v1/applications")
                    .then().statusCode(403)
                    .contentType("application/problem+json")
                    .body("code", equalTo("FORBIDDEN"));
        }
    }

    @Test
    void invalidIdNumbersAreRefusedWithTheReason() {
        given().auth().oauth2(token("applicant", "erin")).contentType(ContentType.JSON)
                .body(body("110105194912310021"))
                .when().post("/api/v1/applications")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("idNumber"))
                .body("errors.message", hasItem(containsString("check character")));
        given().auth().oauth2(token("applicant", "erin")).contentType(ContentType.JSON)
                .body(body("110105209912310020"))
                .when().post("/api/v1/applications")
                .then().statusCode(400)
                .body("errors.message", hasItem(containsString("future")));
    }

    @Test
    void malformedInputIsA400ProblemNeverA500() {
        given().auth().oauth2(token("applicant", "erin")).contentType(ContentType.JSON).body("{\"category\":")
                .when().post("/api/v1/applications")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("MALFORMED_JSON"));
        given().auth().oauth2(token("applicant", "erin")).contentType(ContentType.JSON)
                .body(body(TestIds.next()).replace("RESIDENT", "ASTRONAUT"))
                .when().post("/api/v1/applications")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("INVALID_VALUE"))
                .body("errors.field", hasItem("category"));
        given().auth().oauth2(token("applicant", "erin")).contentType(ContentType.JSON)
                .body("{\"category\":\"RESIDENT\",\"name\":[1,2],\"idNumber\":\"x\"}")
                .when().post("/api/v1/applications")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("INVALID_VALUE"));
        given().auth().oauth2(token("applicant", "erin")).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/applications")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("category"))
                .body("errors.field", hasItem("idNumber"))
                .body("errors.field", hasItem("outletCode"));
        given().auth().oauth2(token("applicant", "erin")).contentType(ContentType.JSON)
                .body(body(TestIds.next()).replace("13800138000", "12345"))
                .when().post("/api/v1/applications")
                .then().statusCode(400).body("errors.field", hasItem("phone"));
        given().auth().oauth2(token("applicant", "erin")).contentType(ContentType.JSON)
                .when().post("/api/v1/applications")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token("applicant", "erin")).contentType(ContentType.JSON)
                .body("{\"name\":\"" + "x".repeat(70_000) + "\"}")
                .when().post("/api/v1/applications")
                .then().statusCode(413).contentType("application/problem+json")
                .body("code", equalTo("PAYLOAD_TOO_LARGE"));
        given().auth().oauth2(token("applicant", "erin"))
                .when().get("/api/v1/applications/not-a-uuid")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(token("applicant", "erin")).queryParam("status", "NOPE")
                .when().get("/api/v1/applications")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void openApiAndHealthAreServed() {
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/applications"));
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("sscard_outbox_backlog"));
    }

    static String submit(String role, String subject, String idNumber) {
        return given().auth().oauth2(token(role, subject)).contentType(ContentType.JSON).body(body(idNumber))
                .when().post("/api/v1/applications")
                .then().statusCode(201).body("id", notNullValue())
                .extract().path("id");
    }
}
