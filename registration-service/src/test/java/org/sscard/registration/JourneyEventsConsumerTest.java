package org.sscard.registration;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.sscard.events.EventEnvelope;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.events.Topics;
import org.sscard.infra.DevTokens;
import org.sscard.infra.KafkaTestClient;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Status and timeline are built from the events of review and card production. */
@QuarkusTest
class JourneyEventsConsumerTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    String status(String app) {
        return given().auth().oauth2(DevTokens.token("operations", "ops")).get("/api/v1/applications/" + app)
                .then().extract().path("status");
    }

    @Test
    void submittedApplicationIsAnnouncedOnKafkaThroughTheOutbox() {
        String app = ApplicationResourceTest.submit("applicant", "olga", People.idOf("olga"));
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        await().atMost(Duration.ofSeconds(20)).until(() -> kafka.events(Topics.APPLICATIONS, app).size() == 1);
        EventEnvelope e = kafka.events(Topics.APPLICATIONS, app).get(0);
        assertEquals(EventTypes.APPLICATION_SUBMITTED, e.type());
        assertEquals(1, e.schemaVersion());
        assertEquals("registration-service", e.producer());
        assertEquals("olga", e.payload().get("applicantId").asText());
    }

    @Test
    void eventsMoveTheStatusForwardOnlyAndBuildTheTimelineOnce() {
        String app = ApplicationResourceTest.submit("applicant", "pete", People.idOf("pete"));
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        EventEnvelope ready = KafkaTestClient.envelope(EventTypes.CARD_READY_FOR_COLLECTION, app, "card-production-service",
                new Payloads.CardReadyForCollection(app, "ZZ9999999", "pete", "masked", "110105-001"));
        EventEnvelope approved = KafkaTestClient.envelope(EventTypes.APPLICATION_APPROVED, app, "review-service",
                new Payloads.ApplicationApproved(app, "r", "pete", "RESIDENT", "n", "id", "m", "110105-001", "110105", "rv", null));
        // the card topic is ahead of the review topic: the later state wins, the earlier one is only recorded
        kafka.send(Topics.CARDS, ready);
        await().atMost(Duration.ofSeconds(20)).until(() -> "READY_FOR_COLLECTION".equals(status(app)));
        kafka.send(Topics.REVIEWS, approved);
        kafka.send(Topics.REVIEWS, approved); // redelivered
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(People.applicant("pete"))
                .get("/api/v1/applications/" + app).then().extract().jsonPath().getList("timeline").size() == 3);
        given().auth().oauth2(People.applicant("pete")).get("/api/v1/applications/" + app)
                .then().body("status", equalTo("READY_FOR_COLLECTION"))
                .body("cardNumber", equalTo("ZZ9999999"))
                .body("timeline", hasSize(3));
    }

    @Test
    void aCardLeftUncollectedIsRemindedOfAndReturnedInTheTimelineWhileTheApplicationWaitsForIt() {
        String app = ApplicationResourceTest.submit("applicant", "rosa", People.idOf("rosa"));
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        kafka.send(Topics.CARDS, KafkaTestClient.envelope(EventTypes.CARD_READY_FOR_COLLECTION, app, "card-production-service",
                new Payloads.CardReadyForCollection(app, "ZZ8888888", "rosa", "masked", "110105-001")));
        kafka.send(Topics.CARDS, KafkaTestClient.envelope(EventTypes.CARD_COLLECTION_REMINDER, app, "card-production-service",
                new Payloads.CardLifecycle(app, "ZZ8888888", "rosa", "masked", "110105-001", "READY_FOR_COLLECTION",
                        "READY_FOR_COLLECTION", "REMINDER_1", null, "2027-06-01T09:00:00Z", null, null)));
        kafka.send(Topics.CARDS, KafkaTestClient.envelope(EventTypes.CARD_RETURNED, app, "card-production-service",
                new Payloads.CardLifecycle(app, "ZZ8888888", "rosa", "masked", "110105-001", "READY_FOR_COLLECTION",
                        "RETURNED", "UNCOLLECTED", null, null, null, null)));
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(People.applicant("rosa"))
                .get("/api/v1/applications/" + app).then().extract().jsonPath().getList("timeline").size() == 4);
        given().auth().oauth2(People.applicant("rosa")).get("/api/v1/applications/" + app).then()
                .body("status", equalTo("READY_FOR_COLLECTION"))
                .body("timeline[2].note", equalTo("Reminded to collect the card at outlet 110105-001 before 2027-06-01"))
                .body("timeline[3].note", org.hamcrest.Matchers.containsString("returned to the issuing centre"));
    }

    @Test
    void aRejectionShowsItsReasons() {
        String app = ApplicationResourceTest.submit("applicant", "quinn", People.idOf("quinn"));
        new KafkaTestClient(bootstrap).send(Topics.REVIEWS, KafkaTestClient.envelope(EventTypes.APPLICATION_REJECTED, app,
                "review-service", new Payloads.ApplicationRejected(app, "r", "quinn", "m",
                        List.of(new Payloads.Reason("PHOTO_NOT_COMPLIANT", "照片不符合要求", "Photo not compliant")), "c", "rv")));
        await().atMost(Duration.ofSeconds(20)).until(() -> "REJECTED".equals(status(app)));
        given().auth().oauth2(People.applicant("quinn")).get("/api/v1/applications/" + app)
                .then().body("reasons[0].code", equalTo("PHOTO_NOT_COMPLIANT"))
                .body("reasons[0].messageEn", equalTo("Photo not compliant"));
        // once rejected, the person may apply again
    }

    @Test
    void aCancelledCardEndsItsApplicationAndThePersonMayApplyAgainButAnEarlierCardsCancellationDoesNot() {
        String id = People.idOf("rhea");
        String app = ApplicationResourceTest.submit("applicant", "rhea", id);
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        kafka.send(Topics.CARDS, KafkaTestClient.envelope(EventTypes.CARD_COLLECTED, app, "card-production-service",
                new Payloads.CardCollected(app, "RH0000002", "rhea", "m", "110105-001", "clerk")));
        await().atMost(Duration.ofSeconds(20)).until(() -> "COLLECTED".equals(status(app)));
        // a person with a live card may not apply again
        given().auth().oauth2(People.applicant("rhea")).contentType(ContentType.JSON)
                .body(ApplicationResourceTest.body(id)).post("/api/v1/applications").then().statusCode(409);
        // the cancellation of a card this application no longer holds (an earlier one) changes nothing
        kafka.send(Topics.CARDS, KafkaTestClient.envelope(EventTypes.CARD_CANCELLED, app, "card-production-service",
                new Payloads.CardLifecycle(app, "RH0000001", "rhea", "m", "110105-001", "SUPERSEDED", "CANCELLED",
                        "TRANSFER", null, null, null, null)));
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(People.applicant("rhea"))
                .get("/api/v1/applications/" + app).then().extract().jsonPath().getList("timeline").size() == 3);
        assertEquals("COLLECTED", status(app));
        // its own card cancelled: the application ends, and the person may apply again (in another region, say)
        kafka.send(Topics.CARDS, KafkaTestClient.envelope(EventTypes.CARD_CANCELLED, app, "card-production-service",
                new Payloads.CardLifecycle(app, "RH0000002", "rhea", "m", "110105-001", "ACTIVE", "CANCELLED",
                        "TRANSFER", null, null, null, null)));
        await().atMost(Duration.ofSeconds(20)).until(() -> "CARD_CANCELLED".equals(status(app)));
        String again = given().auth().oauth2(People.applicant("rhea")).contentType(ContentType.JSON)
                .body(ApplicationResourceTest.body(id)).post("/api/v1/applications").then().statusCode(201)
                .extract().path("id");
        // still one open at a time
        given().auth().oauth2(People.applicant("rhea")).contentType(ContentType.JSON)
                .body(ApplicationResourceTest.body(id)).post("/api/v1/applications").then().statusCode(409);
        given().auth().oauth2(People.applicant("rhea")).get("/api/v1/applications").then()
                .body("id", org.hamcrest.Matchers.hasItems(app, again));
    }

    @Test
    void anEventForAnUnknownApplicationGoesToTheDeadLetterTopic() {
        String ghost = UUID.randomUUID().toString();
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        kafka.send(Topics.CARDS, KafkaTestClient.envelope(EventTypes.CARD_PRINTED, ghost, "card-production-service",
                new Payloads.CardPrinted(ghost, "AAAAAAAAA", null, "m", "b")));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                kafka.matching(Topics.deadLetter("registration-service"), r -> ghost.equals(r.key())).size() == 1);
        var dead = kafka.matching(Topics.deadLetter("registration-service"), r -> ghost.equals(r.key())).get(0);
        assertEquals("INVARIANT_BROKEN: CardPrinted for an application this service does not know",
                KafkaTestClient.header(dead, "dead-letter-reason"));
        assertEquals(Topics.CARDS, KafkaTestClient.header(dead, "dead-letter-topic"));
    }

    @Test
    void aWithdrawnApplicationStaysWithdrawnWhateverReviewOrCardProductionSayAfterwardsButACardHandedOverCounts() {
        String id = People.idOf("wanda");
        String app = ApplicationResourceTest.submit("applicant", "wanda", id);
        given().auth().oauth2(People.applicant("wanda")).post("/api/v1/applications/" + app + "/withdrawal").then()
                .statusCode(200);
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        // the reviewer decided before the withdrawal reached review, and card production cancelled the card it had begun
        kafka.send(Topics.REVIEWS, KafkaTestClient.envelope(EventTypes.APPLICATION_APPROVED, app, "review-service",
                new Payloads.ApplicationApproved(app, "r", "wanda", "RESIDENT", "n", "id", "m", "110105-001", "110105",
                        "rv", null)));
        kafka.send(Topics.CARDS, KafkaTestClient.envelope(EventTypes.CARD_PRODUCTION_STARTED, app, "card-production-service",
                new Payloads.CardProductionStarted(app, "WD0000001", "wanda", "m", "110105-001", "b")));
        kafka.send(Topics.CARDS, KafkaTestClient.envelope(EventTypes.CARD_CANCELLED, app, "card-production-service",
                new Payloads.CardLifecycle(app, "WD0000001", "wanda", "m", "110105-001", "IN_BATCH", "CANCELLED",
                        "WITHDRAWN", null, null, null, null)));
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(People.applicant("wanda"))
                .get("/api/v1/applications/" + app).then().extract().jsonPath().getList("timeline").size() == 5);
        assertEquals("WITHDRAWN", status(app));
        // a card that reached its holder before card production heard of the withdrawal: the person holds a card
        kafka.send(Topics.CARDS, KafkaTestClient.envelope(EventTypes.CARD_COLLECTED, app, "card-production-service",
                new Payloads.CardCollected(app, "WD0000002", "wanda", "m", "110105-001", "clerk")));
        await().atMost(Duration.ofSeconds(20)).until(() -> "COLLECTED".equals(status(app)));
        given().auth().oauth2(People.applicant("wanda")).contentType(ContentType.JSON)
                .body(ApplicationResourceTest.body(id)).post("/api/v1/applications").then().statusCode(409)
                .body("code", equalTo("CARD_ALREADY_ISSUED"));
    }
}
