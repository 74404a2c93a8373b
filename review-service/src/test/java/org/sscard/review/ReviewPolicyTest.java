package org.sscard.review;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.events.Topics;
import org.sscard.infra.DevTokens;
import org.sscard.infra.InfraTestResource;
import org.sscard.infra.KafkaTestClient;
import org.sscard.platform.id.CitizenIdNumber;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Automated pre-checks, the auto-approval policy (off here), claim expiry, release, SLA and queue filters. */
@QuarkusTest
@QuarkusTestResource(InfraTestResource.class)
class ReviewPolicyTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    TestClock clock;

    static final String R1 = DevTokens.token("reviewer", "pol-r1");
    static final String R2 = DevTokens.token("reviewer", "pol-r2");

    @AfterEach
    void realTime() {
        clock.reset();
    }

    static String adultId() {
        return ReviewFlowTest.idFor(UUID.randomUUID().toString());
    }

    static String idBornIn(int year) {
        String base = "110105" + year + "0615" + String.format("%03d", java.util.concurrent.ThreadLocalRandom.current().nextInt(1000));
        return base + CitizenIdNumber.checkCharacter(base);
    }

    /** Submits an application as registration would, with its checks {@code stated}, and returns its review case. */
    String submit(String idNumber, String category, String channel, String region,
                  List<Payloads.CheckOutcome> stated) {
        String app = UUID.randomUUID().toString();
        new KafkaTestClient(bootstrap).send(Topics.APPLICATIONS, KafkaTestClient.envelope(EventTypes.APPLICATION_SUBMITTED, app,
                "registration-service", new Payloads.ApplicationSubmitted(app, "alice", category, channel, "张三", idNumber,
                        "masked", "13800138000", region + "-001", region, "zh", null, "SMS", null, null, null, false,
                        null, null, stated)));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(R1).queryParam("applicationId", app)
                .get("/api/v1/reviews").then().extract().jsonPath().getList("$").size() == 1);
        return given().auth().oauth2(R1).queryParam("applicationId", app).get("/api/v1/reviews").then().extract().path("[0].id");
    }

    String submit(String idNumber, String category, String channel, String region) {
        return submit(idNumber, category, channel, region, StatedChecks.clean());
    }

    String submit(String idNumber, String category) {
        return submit(idNumber, category, "ONLINE", "110105");
    }

    @Test
    void anInvalidIdNumberIsRejectedByThePreChecksWithItsReason() {
        String review = submit("110105194912310021", "RESIDENT");
        given().auth().oauth2(R1).get("/api/v1/reviews/" + review).then()
                .body("status", equalTo("DECIDED")).body("outcome", equalTo("REJECT"))
                .body("decidedBy", equalTo("policy:pre-checks"))
                .body("reasons.code", hasItem("ID_NUMBER_INVALID"))
                .body("checks.find { it.check == 'ID_NUMBER_VALID' }.passed", equalTo(false))
                .body("checks.find { it.check == 'ID_NUMBER_VALID' }.detail", containsString("check character"));
        given().auth().oauth2(R1).get("/api/v1/reviews/" + review + "/audit").then()
                .body("action", equalTo(List.of("OPENED", "POLICY_DECIDED")));
    }

    @Test
    void aValidIdNumberPassesAndTheCaseWaitsForAReviewer() {
        String review = submit(adultId(), "RESIDENT");
        given().auth().oauth2(R1).get("/api/v1/reviews/" + review).then()
                .body("status", equalTo("OPEN"))
                .body("checks.passed", not(hasItem(false)))
                .body("checks.check", hasItem("ID_NUMBER_VALID"));
    }

    @Test
    void aSecondOpenCaseForThePersonIsRejectedAsADuplicate() {
        String id = adultId();
        String first = submit(id, "RESIDENT");
        String second = submit(id, "RESIDENT");
        given().auth().oauth2(R1).get("/api/v1/reviews/" + first).then().body("status", equalTo("OPEN"));
        given().auth().oauth2(R1).get("/api/v1/reviews/" + second).then().body("outcome", equalTo("REJECT"))
                .body("reasons.code", equalTo(List.of("DUPLICATE_APPLICATION")));
    }

    @Test
    void aMinorWithoutTheGuardianPathAsRegistrationFoundIsAskedForASupplement() {
        int year = java.time.LocalDate.now().getYear() - 8;
        String asResident = submit(idBornIn(year), "RESIDENT", "ONLINE", "110105", StatedChecks.failing(
                Payloads.CheckOutcome.MINOR_HAS_GUARDIAN_PATH, "under 16 but not applied as CHILD by a guardian"));
        given().auth().oauth2(R1).get("/api/v1/reviews/" + asResident).then()
                .body("status", equalTo("SUPPLEMENT_REQUESTED")).body("reasons.code", equalTo(List.of("GUARDIAN_MISSING")))
                .body("checks.find { it.check == 'MINOR_HAS_GUARDIAN_PATH' }.detail",
                        equalTo("as registration found it: under 16 but not applied as CHILD by a guardian"));
        String asChild = submit(idBornIn(year), "CHILD");
        given().auth().oauth2(R1).get("/api/v1/reviews/" + asChild).then().body("status", equalTo("OPEN"))
                .body("checks.find { it.check == 'MINOR_HAS_GUARDIAN_PATH' }.passed", equalTo(true));
        // the policy is off by default: a clean case waits for a reviewer whatever its category
        String retiree = submit(adultId(), "RETIREE");
        given().auth().oauth2(R1).get("/api/v1/reviews/" + retiree).then().body("status", equalTo("OPEN"));
    }

    @Test
    void anAbandonedClaimExpiresAndAnotherReviewerTakesTheCase() {
        String review = submit(adultId(), "RESIDENT");
        given().auth().oauth2(R1).post("/api/v1/reviews/" + review + "/claim").then().statusCode(200);
        given().auth().oauth2(R2).post("/api/v1/reviews/" + review + "/claim").then().statusCode(409)
                .body("code", equalTo("REVIEW_CLAIMED_BY_OTHER"));
        clock.advance(Duration.ofMinutes(31));
        given().auth().oauth2(R1).queryParam("status", "OPEN").get("/api/v1/reviews").then().body("id", hasItem(review));
        given().auth().oauth2(R2).post("/api/v1/reviews/" + review + "/claim").then().statusCode(200)
                .body("claimedBy", equalTo("pol-r2"));
        given().auth().oauth2(R1).contentType(ContentType.JSON).body("{\"outcome\":\"APPROVE\"}")
                .post("/api/v1/reviews/" + review + "/decision").then().statusCode(409).body("code", equalTo("REVIEW_NOT_CLAIMED"));
    }

    @Test
    void theHolderReleasesAClaimAndTheAuditRecordsIt() {
        String review = submit(adultId(), "RESIDENT");
        given().auth().oauth2(R1).post("/api/v1/reviews/" + review + "/claim").then().statusCode(200);
        given().auth().oauth2(R2).post("/api/v1/reviews/" + review + "/release").then().statusCode(409)
                .body("code", equalTo("REVIEW_NOT_CLAIMED"));
        given().auth().oauth2(R1).post("/api/v1/reviews/" + review + "/release").then().statusCode(200)
                .body("status", equalTo("OPEN"));
        given().auth().oauth2(R2).post("/api/v1/reviews/" + review + "/claim").then().statusCode(200);
        given().auth().oauth2(R1).get("/api/v1/reviews/" + review + "/audit").then()
                .body("action", equalTo(List.of("OPENED", "CLAIMED", "RELEASED", "CLAIMED")))
                .body("actor", equalTo(List.of("system", "pol-r1", "pol-r1", "pol-r2")));
    }

    @Test
    void casesAreDueInFiveWorkingDaysAndBecomeNearlyDueThenOverdue() {
        String review = submit(adultId(), "RESIDENT");
        var body = given().auth().oauth2(R1).get("/api/v1/reviews/" + review).then().body("slaState", equalTo("ON_TRACK"))
                .extract().jsonPath();
        Instant submitted = Instant.parse(body.getString("submittedAt"));
        Instant due = Instant.parse(body.getString("dueAt"));
        long days = Duration.between(submitted, due).toDays();
        assertTrue(days >= 5 && days <= 9, "5 working days is 5 to 9 calendar days: " + days);
        clock.advance(Duration.between(Instant.now(), due).minusHours(2));
        given().auth().oauth2(R1).get("/api/v1/reviews/" + review).then().body("slaState", equalTo("NEARLY_DUE"));
        given().auth().oauth2(R1).queryParam("sla", "NEARLY_DUE").get("/api/v1/reviews").then().body("id", hasItem(review));
        clock.advance(Duration.ofHours(3));
        given().auth().oauth2(R1).get("/api/v1/reviews/" + review).then().body("slaState", equalTo("OVERDUE"));
        given().auth().oauth2(R1).queryParam("sla", "OVERDUE").get("/api/v1/reviews").then().body("id", hasItem(review));
        given().auth().oauth2(R1).queryParam("sla", "ON_TRACK").get("/api/v1/reviews").then().body("id", not(hasItem(review)));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            String metrics = given().get("/q/metrics").then().extract().asString();
            return metrics.lines().anyMatch(l -> l.startsWith("sscard_reviews_overdue") && !l.endsWith(" 0.0"));
        });
    }

    @Test
    void theQueueFiltersByRegionCategoryChannelAndAge() {
        String region = String.valueOf(310100 + java.util.concurrent.ThreadLocalRandom.current().nextInt(90));
        String young = submit(idBornIn(2000), "STUDENT", "SCHOOL", region);
        String old = submit(idBornIn(1950), "RETIREE", "AGENCY_WINDOW", region);
        List<String> inRegion = given().auth().oauth2(R1).queryParam("region", region).get("/api/v1/reviews")
                .then().extract().jsonPath().getList("id");
        assertEquals(List.of(young, old), inRegion);
        assertEquals(List.of(young), given().auth().oauth2(R1).queryParam("region", region).queryParam("category", "STUDENT")
                .get("/api/v1/reviews").then().extract().jsonPath().getList("id"));
        assertEquals(List.of(old), given().auth().oauth2(R1).queryParam("region", region).queryParam("channel", "AGENCY_WINDOW")
                .get("/api/v1/reviews").then().extract().jsonPath().getList("id"));
        assertEquals(List.of(old), given().auth().oauth2(R1).queryParam("region", region).queryParam("minAge", 60)
                .get("/api/v1/reviews").then().extract().jsonPath().getList("id"));
        assertEquals(List.of(young), given().auth().oauth2(R1).queryParam("region", region).queryParam("maxAge", 40)
                .get("/api/v1/reviews").then().extract().jsonPath().getList("id"));
        given().auth().oauth2(R1).queryParam("region", "31x").get("/api/v1/reviews").then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        given().auth().oauth2(R1).queryParam("sla", "LATE").get("/api/v1/reviews").then().statusCode(404)
                .contentType("application/problem+json");
    }
}
