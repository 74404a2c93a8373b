package org.sscard.review;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.events.Topics;
import org.sscard.infra.DevTokens;
import org.sscard.infra.InfraTestResource;
import org.sscard.infra.KafkaTestClient;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * Registration's checks as its events state them (required materials, the photo spec), recorded and decided on both
 * ways without checking again; the employer's registration; a supplement's checks decide again; reasons come from the
 * maintained catalogue.
 */
@QuarkusTest
@QuarkusTestResource(InfraTestResource.class)
class MaterialChecksTest {
    static final String REVIEWER = DevTokens.token("reviewer", "mc-rita");
    static final String ADMIN = DevTokens.token("admin", "mc-adam");
    static final Payloads.MaterialInfo FRONT = material("ID_FRONT", "image/png", null, null, null);
    static final Payloads.MaterialInfo BACK = material("ID_BACK", "application/pdf", null, null, null);
    static final Payloads.MaterialInfo PHOTO = material("PHOTO", "image/jpeg", 358, 441, 24);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static Payloads.MaterialInfo material(String kind, String type, Integer w, Integer h, Integer depth) {
        return new Payloads.MaterialInfo(kind, type, 20_000, "ab".repeat(32), w, h, depth, null);
    }

    String submit(String category, List<Payloads.MaterialInfo> materials, String employer, Boolean employerRegistered) {
        return submit(category, materials, employer, employerRegistered, StatedChecks.clean());
    }

    String submit(String category, List<Payloads.MaterialInfo> materials, String employer, Boolean employerRegistered,
                  List<Payloads.CheckOutcome> stated) {
        String app = UUID.randomUUID().toString();
        new KafkaTestClient(bootstrap).send(Topics.APPLICATIONS, KafkaTestClient.envelope(EventTypes.APPLICATION_SUBMITTED,
                app, "registration-service", new Payloads.ApplicationSubmitted(app, "mc-alice", category, "ONLINE", "张三",
                        ReviewPolicyTest.adultId(), "masked", "13800138000", "110105-001", "110105", "zh", employer, "SMS",
                        null, materials, null, false, employerRegistered, null, stated)));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(REVIEWER).queryParam("applicationId", app)
                .get("/api/v1/reviews").then().extract().jsonPath().getList("$").size() == 1);
        return given().auth().oauth2(REVIEWER).queryParam("applicationId", app).get("/api/v1/reviews").then()
                .extract().path("[0].id");
    }

    @Test
    void completeMaterialsPassAndMissingOnesAskForASupplementNamingThemAsRegistrationFound() {
        String complete = submit("RESIDENT", List.of(FRONT, BACK, PHOTO), null, null);
        given().auth().oauth2(REVIEWER).get("/api/v1/reviews/" + complete).then().body("status", equalTo("OPEN"))
                .body("checks.find { it.check == 'MATERIALS_COMPLETE' }.passed", equalTo(true))
                .body("checks.find { it.check == 'PHOTO_SPEC' }.passed", equalTo(true))
                .body("materials.kind", hasItem("PHOTO"));

        String missing = submit("RESIDENT", List.of(FRONT), null, null, StatedChecks.failing(
                Payloads.CheckOutcome.MATERIALS_COMPLETE, "missing: both sides of the ID card; a recent photo"));
        given().auth().oauth2(REVIEWER).get("/api/v1/reviews/" + missing).then()
                .body("status", equalTo("SUPPLEMENT_REQUESTED"))
                .body("reasons.code", equalTo(List.of("MATERIALS_INCOMPLETE")))
                .body("reasons[0].messageEn", equalTo("Required materials are missing"))
                .body("checks.find { it.check == 'MATERIALS_COMPLETE' }.detail", containsString("photo"));
    }

    @Test
    void aPhotoOutsideTheSpecAsksForANewOne() {
        String review = submit("RESIDENT", List.of(FRONT, BACK, material("PHOTO", "image/jpeg", 400, 500, 8)), null, null,
                StatedChecks.failing(Payloads.CheckOutcome.PHOTO_SPEC, "the photo must be 358 × 441 px; this is 400 × 500"));
        given().auth().oauth2(REVIEWER).get("/api/v1/reviews/" + review).then()
                .body("status", equalTo("SUPPLEMENT_REQUESTED"))
                .body("reasons.code", equalTo(List.of("PHOTO_NOT_COMPLIANT")))
                .body("checks.find { it.check == 'PHOTO_SPEC' }.detail", containsString("358 × 441"));
    }

    @Test
    void anEmployeeOfAnUnregisteredEmployerIsRejectedAndOfARegisteredOneWaits() {
        String unregistered = submit("EMPLOYEE", List.of(FRONT, BACK, PHOTO), "91350100M000100Y43", false);
        given().auth().oauth2(REVIEWER).get("/api/v1/reviews/" + unregistered).then()
                .body("status", equalTo("DECIDED")).body("outcome", equalTo("REJECT"))
                .body("reasons.code", equalTo(List.of("EMPLOYER_NOT_REGISTERED")));
        String registered = submit("EMPLOYEE", List.of(FRONT, BACK, PHOTO), "91350100M000100Y43", true);
        given().auth().oauth2(REVIEWER).get("/api/v1/reviews/" + registered).then().body("status", equalTo("OPEN"))
                .body("checks.find { it.check == 'EMPLOYER_REGISTERED' }.passed", equalTo(true));
    }

    @Test
    void aSupplementDecidesAgainOnTheChecksRegistrationStatesForTheNewMaterials() {
        String review = submit("RESIDENT", List.of(FRONT, BACK), null, null, StatedChecks.failing(
                Payloads.CheckOutcome.MATERIALS_COMPLETE, "missing: a recent photo"));
        String app = given().auth().oauth2(REVIEWER).get("/api/v1/reviews/" + review).then()
                .body("status", equalTo("SUPPLEMENT_REQUESTED")).extract().path("applicationId");
        // a supplement that still lacks the photo is asked again
        supplement(app, List.of(FRONT, BACK), StatedChecks.failing(Payloads.CheckOutcome.MATERIALS_COMPLETE,
                "missing: a recent photo"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(REVIEWER)
                .get("/api/v1/reviews/" + review + "/audit").then().body("action", hasItem("SUPPLEMENT_RECEIVED")));
        given().auth().oauth2(REVIEWER).get("/api/v1/reviews/" + review).then().body("status", equalTo("SUPPLEMENT_REQUESTED"));
        supplement(app, List.of(FRONT, BACK, PHOTO), StatedChecks.clean());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(REVIEWER)
                .get("/api/v1/reviews/" + review).then().body("status", equalTo("OPEN")));
    }

    @Test
    void aReviewerAsksForASupplementNamingTheMaterials() {
        String review = submit("RESIDENT", List.of(FRONT, BACK, PHOTO), null, null);
        given().auth().oauth2(REVIEWER).post("/api/v1/reviews/" + review + "/claim").then().statusCode(200);
        given().auth().oauth2(REVIEWER).contentType(ContentType.JSON)
                .body("{\"outcome\":\"APPROVE\",\"materials\":[\"PHOTO\"]}")
                .post("/api/v1/reviews/" + review + "/decision").then().statusCode(422)
                .body("code", equalTo("MATERIALS_ONLY_FOR_SUPPLEMENT"));
        given().auth().oauth2(REVIEWER).contentType(ContentType.JSON)
                .body("{\"outcome\":\"REQUEST_SUPPLEMENT\",\"reasonCodes\":[\"ID_DOCUMENT_UNREADABLE\"],"
                        + "\"materials\":[\"ID_FRONT\",\"ID_BACK\"],\"comment\":\"扫描件模糊\"}")
                .post("/api/v1/reviews/" + review + "/decision").then().statusCode(200)
                .body("status", equalTo("SUPPLEMENT_REQUESTED"));
        given().auth().oauth2(REVIEWER).get("/api/v1/reviews/" + review + "/audit").then()
                .body("detail", hasItem(containsString("materials [ID_FRONT, ID_BACK]")));
        given().auth().oauth2(REVIEWER).contentType(ContentType.JSON)
                .body("{\"outcome\":\"REQUEST_SUPPLEMENT\",\"reasonCodes\":[\"OTHER\"],\"materials\":[\"SELFIE\"]}")
                .post("/api/v1/reviews/" + review + "/decision").then().statusCode(400);
    }

    @Test
    void aFailedCheckReviewHasNoReasonForLeavesTheCaseToAReviewer() {
        List<Payloads.CheckOutcome> stated = new java.util.ArrayList<>(StatedChecks.clean());
        stated.add(new Payloads.CheckOutcome("SIGNATURE_PRESENT", false, "the form is not signed"));
        String review = submit("RESIDENT", List.of(FRONT, BACK, PHOTO), null, null, stated);
        given().auth().oauth2(REVIEWER).get("/api/v1/reviews/" + review).then().body("status", equalTo("OPEN"))
                .body("checks.find { it.check == 'SIGNATURE_PRESENT' }.passed", equalTo(false))
                .body("checks.find { it.check == 'SIGNATURE_PRESENT' }.detail", containsString("not signed"));
    }

    private void supplement(String app, List<Payloads.MaterialInfo> materials, List<Payloads.CheckOutcome> stated) {
        new KafkaTestClient(bootstrap).send(Topics.APPLICATIONS, KafkaTestClient.envelope(EventTypes.SUPPLEMENT_PROVIDED,
                app, "registration-service", new Payloads.SupplementProvided(app, "mc-alice", "masked", "mc-alice",
                        "here it is", materials, stated)));
    }

    @Test
    void administratorsMaintainTheReasonCatalogueThatReviewersChooseFrom() {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body("{\"zh\":\"户籍信息与身份证不一致\",\"en\":\"The household register does not match the ID card\"}")
                .put("/api/v1/reasons/HOUSEHOLD_MISMATCH").then().statusCode(200).body("active", equalTo(true));
        given().auth().oauth2(REVIEWER).get("/api/v1/reasons").then().body("code", hasItem("HOUSEHOLD_MISMATCH"));
        given().auth().oauth2(REVIEWER).contentType(ContentType.JSON).body("{\"zh\":\"x\",\"en\":\"x\"}")
                .put("/api/v1/reasons/HOUSEHOLD_MISMATCH").then().statusCode(403);

        String review = submit("RESIDENT", List.of(FRONT, BACK, PHOTO), null, null);
        given().auth().oauth2(REVIEWER).post("/api/v1/reviews/" + review + "/claim").then().statusCode(200);
        given().auth().oauth2(REVIEWER).contentType(ContentType.JSON)
                .body("{\"outcome\":\"REJECT\",\"reasonCodes\":[\"HOUSEHOLD_MISMATCH\"],\"comment\":\"请核对户口簿\"}")
                .post("/api/v1/reviews/" + review + "/decision").then().statusCode(200)
                .body("reasons[0].messageEn", equalTo("The household register does not match the ID card"));

        // retired: kept on old decisions, no longer chosen
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body("{\"zh\":\"户籍信息与身份证不一致\",\"en\":\"The household register does not match the ID card\",\"active\":false}")
                .put("/api/v1/reasons/HOUSEHOLD_MISMATCH").then().statusCode(200);
        given().auth().oauth2(REVIEWER).get("/api/v1/reasons").then().body("code", not(hasItem("HOUSEHOLD_MISMATCH")));
        given().auth().oauth2(REVIEWER).get("/api/v1/reviews/" + review).then()
                .body("reasons[0].code", equalTo("HOUSEHOLD_MISMATCH"));
        String next = submit("RESIDENT", List.of(FRONT, BACK, PHOTO), null, null);
        given().auth().oauth2(REVIEWER).post("/api/v1/reviews/" + next + "/claim").then().statusCode(200);
        given().auth().oauth2(REVIEWER).contentType(ContentType.JSON)
                .body("{\"outcome\":\"REJECT\",\"reasonCodes\":[\"HOUSEHOLD_MISMATCH\"]}")
                .post("/api/v1/reviews/" + next + "/decision").then().statusCode(422).body("code", equalTo("UNKNOWN_REASON_CODE"));
        // a reason the automated checks give cannot be retired
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"zh\":\"材料不全\",\"en\":\"Incomplete\",\"active\":false}")
                .put("/api/v1/reasons/MATERIALS_INCOMPLETE").then().statusCode(409).body("code", equalTo("REASON_BUILT_IN"));
    }
}
