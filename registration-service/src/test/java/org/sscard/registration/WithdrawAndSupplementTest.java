package org.sscard.registration;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.events.Topics;
import org.sscard.infra.DevTokens;
import org.sscard.infra.KafkaTestClient;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Withdrawal until production starts, and answering a supplement request. */
@QuarkusTest
class WithdrawAndSupplementTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    String status(String app) {
        return given().auth().oauth2(DevTokens.token("operations", "o")).get("/api/v1/applications/" + app)
                .then().extract().path("status");
    }

    @Test
    void anApplicantWithdrawsAndMayApplyAgainButNotOnceProductionStarted() {
        String id = People.idOf("wd-ann");
        String app = ApplicationResourceTest.submit("applicant", "wd-ann", id);
        given().auth().oauth2(People.applicant("wd-other")).post("/api/v1/applications/" + app + "/withdrawal")
                .then().statusCode(404);
        given().auth().oauth2(People.applicant("wd-ann")).contentType(ContentType.JSON)
                .body("{\"note\":\"moved to another city\"}").post("/api/v1/applications/" + app + "/withdrawal")
                .then().statusCode(200).body("status", equalTo("WITHDRAWN"));
        given().auth().oauth2(People.applicant("wd-ann")).post("/api/v1/applications/" + app + "/withdrawal")
                .then().statusCode(409).body("code", equalTo("APPLICATION_NOT_WITHDRAWABLE"));
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        await().atMost(Duration.ofSeconds(20)).until(() -> kafka.events(Topics.APPLICATIONS, app).stream()
                .anyMatch(e -> e.type().equals(EventTypes.APPLICATION_WITHDRAWN)));
        // a late approval does not revive it
        kafka.send(Topics.REVIEWS, KafkaTestClient.envelope(EventTypes.APPLICATION_APPROVED, app, "review-service",
                new Payloads.ApplicationApproved(app, "r", "wd-ann", "RESIDENT", "n", id, "m", "110105-001", "110105", "rv", null)));
        String again = ApplicationResourceTest.submit("applicant", "wd-ann", id);
        assertStatus(app, "WITHDRAWN");

        kafka.send(Topics.CARDS, KafkaTestClient.envelope(EventTypes.CARD_PRODUCTION_STARTED, again, "card-production-service",
                new Payloads.CardProductionStarted(again, "WD0000001", "wd-ann", "m", "110105-001", "b")));
        await().atMost(Duration.ofSeconds(20)).until(() -> "IN_PRODUCTION".equals(status(again)));
        given().auth().oauth2(People.applicant("wd-ann")).post("/api/v1/applications/" + again + "/withdrawal")
                .then().statusCode(409).body("detail", org.hamcrest.Matchers.containsString("IN_PRODUCTION"));
    }

    void assertStatus(String app, String expected) {
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> expected.equals(status(app)));
    }

    @Test
    void aSupplementSendsTheApplicationBackToReview() {
        String app = ApplicationResourceTest.submit("applicant", "sp-bea", People.idOf("sp-bea"));
        given().auth().oauth2(People.applicant("sp-bea")).post("/api/v1/applications/" + app + "/supplement")
                .then().statusCode(409).body("code", equalTo("NO_SUPPLEMENT_REQUESTED"));
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        kafka.send(Topics.REVIEWS, KafkaTestClient.envelope(EventTypes.SUPPLEMENT_REQUESTED, app, "review-service",
                new Payloads.SupplementRequested(app, "r", "sp-bea", "m",
                        List.of(new Payloads.Reason("GUARDIAN_MISSING", "须监护人", "Guardian needed")), null, "policy:pre-checks")));
        await().atMost(Duration.ofSeconds(20)).until(() -> "SUPPLEMENT_REQUESTED".equals(status(app)));
        given().auth().oauth2(People.applicant("sp-bea")).contentType(ContentType.JSON)
                .body("{\"note\":\"guardian documents brought to the window\"}")
                .post("/api/v1/applications/" + app + "/supplement")
                .then().statusCode(200).body("status", equalTo("UNDER_REVIEW"));
        await().atMost(Duration.ofSeconds(20)).until(() -> kafka.events(Topics.APPLICATIONS, app).stream()
                .anyMatch(e -> e.type().equals(EventTypes.SUPPLEMENT_PROVIDED)));
        // with registration's checks of the materials as they are now: the one-shot form attached none
        var provided = kafka.events(Topics.APPLICATIONS, app).stream()
                .filter(e -> e.type().equals(EventTypes.SUPPLEMENT_PROVIDED)).findFirst().orElseThrow().payload();
        org.junit.jupiter.api.Assertions.assertEquals("MATERIALS_COMPLETE", provided.get("checks").get(1).get("check").asText());
        org.junit.jupiter.api.Assertions.assertFalse(provided.get("checks").get(1).get("passed").asBoolean());
        // asked again after the supplement
        kafka.send(Topics.REVIEWS, KafkaTestClient.envelope(EventTypes.SUPPLEMENT_REQUESTED, app, "review-service",
                new Payloads.SupplementRequested(app, "r", "sp-bea", "m",
                        List.of(new Payloads.Reason("MATERIALS_INCOMPLETE", "材料不全", "Missing")), null, "rv")));
        await().atMost(Duration.ofSeconds(20)).until(() -> "SUPPLEMENT_REQUESTED".equals(status(app)));
    }
}
