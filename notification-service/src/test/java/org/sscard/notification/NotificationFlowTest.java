package org.sscard.notification;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.sscard.events.EventEnvelope;
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
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(InfraTestResource.class)
class NotificationFlowTest {
    static final String ID = "11010519491231002X";
    static final String MASKED = "110***********002X";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @jakarta.inject.Inject
    org.sscard.platform.security.BlindIndex index;
    @jakarta.inject.Inject
    org.sscard.notification.messaging.JourneyEventsConsumer consumer;
    @jakarta.inject.Inject
    jakarta.persistence.EntityManager em;

    long count(String sql, UUID app) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql)
                .setParameter(1, app).getSingleResult()).longValue());
    }

    /**
     * A batch is handled with its contacts loaded at once and its rows written together at its end: the same
     * application submitted twice in one batch (two event ids) keeps one contact and one row per holder, and each
     * event still gets its messages and its line in the event log.
     */
    @Test
    void aBatchOfEventsIsHandledTogetherWithoutDoublingAnything() {
        String a = UUID.randomUUID().toString(), b = UUID.randomUUID().toString();
        List<EventEnvelope> events = List.of(submitted(a, "hr-a", "zh"), submitted(a, "hr-a", "zh"), submitted(b, "hr-b", "en"));
        consumer.onApplicationBulkEvent(KafkaTestClient.poll(Topics.lane(Topics.APPLICATIONS, true), events))
                .toCompletableFuture().join();

        UUID appA = UUID.fromString(a);
        assertEquals(1, count("select count(*) from application_contact where application_id = ?1", appA));
        assertEquals(1, count("select count(*) from application_holder where application_id = ?1", appA));
        assertEquals(2, count("select count(*) from event_log where aggregate_id = cast(?1 as varchar)", appA));
        assertEquals(2, count("select count(*) from notification where application_id = ?1 and channel = 'IN_APP'", appA));
        assertEquals(1, count("select count(*) from notification where application_id = ?1 and channel = 'IN_APP'",
                UUID.fromString(b)));
    }

    KafkaTestClient kafka() {
        return new KafkaTestClient(bootstrap);
    }

    EventEnvelope submitted(String app, String applicant, String lang) {
        return KafkaTestClient.envelope(EventTypes.APPLICATION_SUBMITTED, app, "registration-service",
                new Payloads.ApplicationSubmitted(app, applicant, "RESIDENT", "ONLINE", "张三", ID, MASKED,
                        "13800138000", "110105-001", "110105", lang));
    }

    void awaitCount(String applicant, String app, int n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(DevTokens.tokenWithIdNumber("applicant", applicant, ID))
                .queryParam("applicationId", app).get("/api/v1/notifications")
                .then().extract().jsonPath().getList("$").size() == n);
    }

    @Test
    void theApplicantIsToldOfEachStepInTheirLanguageWithNumbersMasked() {
        String app = UUID.randomUUID().toString();
        KafkaTestClient kafka = kafka();
        kafka.send(Topics.APPLICATIONS, submitted(app, "alice", "en"));
        awaitCount("alice", app, 1);
        kafka.send(Topics.REVIEWS, KafkaTestClient.envelope(EventTypes.APPLICATION_APPROVED, app, "review-service",
                new Payloads.ApplicationApproved(app, "r", "alice", "RESIDENT", "张三", ID, MASKED, "110105-001", "110105", "rv", null)));
        kafka.send(Topics.CARDS, KafkaTestClient.envelope(EventTypes.CARD_PRODUCTION_STARTED, app, "card-production-service",
                new Payloads.CardProductionStarted(app, "AB1234567", "alice", MASKED, "110105-001", "b")));
        kafka.send(Topics.CARDS, KafkaTestClient.envelope(EventTypes.CARD_PRINTED, app, "card-production-service",
                new Payloads.CardPrinted(app, "AB1234567", "alice", MASKED, "b")));
        kafka.send(Topics.CARDS, KafkaTestClient.envelope(EventTypes.CARD_READY_FOR_COLLECTION, app, "card-production-service",
                new Payloads.CardReadyForCollection(app, "AB1234567", "alice", MASKED, "110105-001")));
        kafka.send(Topics.CARDS, KafkaTestClient.envelope(EventTypes.CARD_COLLECTED, app, "card-production-service",
                new Payloads.CardCollected(app, "AB1234567", "alice", MASKED, "110105-001", "clerk")));
        awaitCount("alice", app, 4);
        given().auth().oauth2(DevTokens.tokenWithIdNumber("applicant", "alice", ID)).queryParam("applicationId", app)
                .get("/api/v1/notifications").then().statusCode(200)
                .body("eventType", equalTo(List.of("ApplicationSubmitted", "ApplicationApproved",
                        "CardReadyForCollection", "CardCollected")))
                .body("language", everyItem(equalTo("en")))
                .body("[0].body", containsString(MASKED))
                .body("[2].body", containsString("AB*****67"))
                .body("[2].body", containsString("110105-001"))
                .body("body", everyItem(not(containsString(ID))))
                .body("body", everyItem(not(containsString("AB1234567"))));
        given().auth().oauth2(DevTokens.token("operations", "ops")).queryParam("applicationId", app)
                .get("/api/v1/events").then().statusCode(200).body("$", hasSize(6))
                .body("[0].type", equalTo("ApplicationSubmitted"));
    }

    List<String> smsSent(String app) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                        "select n from Notification n where n.applicationId = ?1 and n.channel = 'SMS' order by n.createdAt",
                        org.sscard.notification.domain.Notification.class).setParameter(1, UUID.fromString(app))
                .getResultList().stream().map(n -> n.eventType + " " + n.address + " " + n.language).toList());
    }

    @Test
    void aContactChangeIsToldToThePreviousPhoneAndTakesEffectForTheNextMessage() {
        String app = UUID.randomUUID().toString();
        KafkaTestClient kafka = kafka();
        kafka.send(Topics.APPLICATIONS, submitted(app, "carol", "zh"));
        awaitCount("carol", app, 1);
        kafka.send(Topics.APPLICATIONS, KafkaTestClient.envelope(EventTypes.CONTACT_CHANGED, app, "registration-service",
                new Payloads.ContactChanged(app, "carol", MASKED, "13900139000", null, "en", "SMS",
                        List.of("phone", "language"), "carol")));
        awaitCount("carol", app, 2);
        kafka.send(Topics.REVIEWS, KafkaTestClient.envelope(EventTypes.APPLICATION_APPROVED, app, "review-service",
                new Payloads.ApplicationApproved(app, "r", "carol", "RESIDENT", "张三", ID, MASKED, "110105-001", "110105", "rv", null)));
        awaitCount("carol", app, 3);
        // the change is told to the previous phone, in the new language; what follows goes to the new phone
        assertEquals(List.of("ApplicationSubmitted 13800138000 zh", "ContactChanged 13800138000 en",
                "ApplicationApproved 13900139000 en"), smsSent(app));
        given().auth().oauth2(DevTokens.tokenWithIdNumber("applicant", "carol", ID)).queryParam("applicationId", app)
                .get("/api/v1/notifications").then().statusCode(200)
                .body("[1].eventType", equalTo("ContactChanged"))
                .body("[1].body", containsString("phone, language"))
                .body("[1].body", not(containsString("13900139000")));
    }

    @Test
    void holdersAreToldBeforeExpiryAndEveryLifecycleEventIsLoggedForOperations() {
        String app = UUID.randomUUID().toString();
        KafkaTestClient kafka = kafka();
        kafka.send(Topics.APPLICATIONS, submitted(app, "gina", "en"));
        awaitCount("gina", app, 1);
        kafka.send(Topics.CARDS, KafkaTestClient.envelope(EventTypes.CARD_ACTIVATED, app, "card-production-service",
                new Payloads.CardLifecycle(app, "CD1234567", "gina", MASKED, "110105-001", "ISSUED_SEALED", "ACTIVE",
                        null, "ONLINE", null, null, null)));
        kafka.send(Topics.CARDS, KafkaTestClient.envelope(EventTypes.CARD_EXPIRING, app, "card-production-service",
                new Payloads.CardLifecycle(app, "CD1234567", "gina", MASKED, "110105-001", "ACTIVE", "ACTIVE",
                        null, null, "2036-11-22T00:00:00Z", null, null)));
        kafka.send(Topics.CARDS, KafkaTestClient.envelope(EventTypes.CARD_REPLACEMENT_REQUESTED, app, "card-production-service",
                new Payloads.CardLifecycle(app, "CD1234567", "gina", MASKED, "110105-001", "ACTIVE", "LOST",
                        "LOST", null, null, "EF7654321", 0)));
        kafka.send(Topics.CARDS, KafkaTestClient.envelope(EventTypes.CARD_COLLECTION_REMINDER, app, "card-production-service",
                new Payloads.CardLifecycle(app, "EF7654321", "gina", MASKED, "110105-002", "READY_FOR_COLLECTION",
                        "READY_FOR_COLLECTION", "REMINDER_1", null, "2037-05-21T00:00:00Z", null, null)));
        kafka.send(Topics.CARDS, KafkaTestClient.envelope(EventTypes.CARD_RETURNED, app, "card-production-service",
                new Payloads.CardLifecycle(app, "EF7654321", "gina", MASKED, "110105-002", "READY_FOR_COLLECTION",
                        "RETURNED", "UNCOLLECTED", null, null, null, null)));
        awaitCount("gina", app, 6);
        given().auth().oauth2(DevTokens.tokenWithIdNumber("applicant", "gina", ID)).queryParam("applicationId", app)
                .get("/api/v1/notifications").then()
                .body("eventType", equalTo(List.of("ApplicationSubmitted", "CardActivated", "CardExpiring",
                        "CardReplacementRequested", "CardCollectionReminder", "CardReturned")))
                .body("[4].body", containsString("outlet 110105-002"))
                .body("[4].body", containsString("before 2037-05-21"))
                .body("[5].title", equalTo("Card returned to the issuing centre"))
                .body("[1].title", equalTo("Card activated"))
                .body("[2].body", containsString("2036-11-22"))
                .body("[2].body", containsString("CD*****67"))
                .body("[3].body", containsString("EF*****21"))
                .body("body", everyItem(not(containsString("EF7654321"))));
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(DevTokens.token("operations", "o"))
                .queryParam("applicationId", app).get("/api/v1/events").then().extract().jsonPath()
                .getList("type").contains("CardActivated"));
    }

    @Test
    void aRejectionTellsTheReasonsInWords() {
        String app = UUID.randomUUID().toString();
        KafkaTestClient kafka = kafka();
        kafka.send(Topics.APPLICATIONS, submitted(app, "bob", "zh"));
        awaitCount("bob", app, 1);
        kafka.send(Topics.REVIEWS, KafkaTestClient.envelope(EventTypes.APPLICATION_REJECTED, app, "review-service",
                new Payloads.ApplicationRejected(app, "r", "bob", MASKED,
                        List.of(new Payloads.Reason("PHOTO_NOT_COMPLIANT", "照片不符合要求", "The photo does not meet the specification")),
                        "请重新拍照", "rv")));
        awaitCount("bob", app, 2);
        given().auth().oauth2(DevTokens.tokenWithIdNumber("applicant", "bob", ID)).queryParam("applicationId", app)
                .get("/api/v1/notifications").then()
                .body("[1].body", containsString("照片不符合要求"))
                .body("[1].body", containsString("请重新拍照"));
    }

    @Test
    void aRedeliveredEventSendsOneMessage() {
        String app = UUID.randomUUID().toString();
        EventEnvelope e = submitted(app, "carol", "zh");
        KafkaTestClient kafka = kafka();
        kafka.send(Topics.APPLICATIONS, e);
        kafka.send(Topics.APPLICATIONS, e);
        String later = UUID.randomUUID().toString();
        kafka.send(Topics.APPLICATIONS, submitted(later, "carol", "zh"));
        awaitCount("carol", later, 1);
        given().auth().oauth2(DevTokens.tokenWithIdNumber("applicant", "carol", ID)).queryParam("applicationId", app)
                .get("/api/v1/notifications").then().body("$", hasSize(1));
    }

    @Test
    void aGuardianReadsTheChildsMessagesThroughTheHolderKeysOfTheEvent() {
        String app = UUID.randomUUID().toString();
        String child = "110105201905050015";
        String guardian = "110105198506150014";
        kafka().send(Topics.APPLICATIONS, KafkaTestClient.envelope(EventTypes.APPLICATION_SUBMITTED, app,
                "registration-service", new Payloads.ApplicationSubmitted(app, null, "CHILD", "ONLINE", "王小明", child,
                        "110***********0015", "13800138000", "110105-001", "110105", "zh", null, "SMS", null, null, null,
                        null, null, List.of(index.ofIdNumber(child), index.ofIdNumber(guardian)))));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth()
                .oauth2(DevTokens.tokenWithIdNumber("applicant", "a-parent", guardian)).queryParam("applicationId", app)
                .get("/api/v1/notifications").then().extract().jsonPath().getList("$").size() == 1);
        given().auth().oauth2(DevTokens.tokenWithIdNumber("applicant", "someone", ID)).queryParam("applicationId", app)
                .get("/api/v1/notifications").then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void applicantsReadOnlyTheirOwnMessagesAndRolesAreEnforced() {
        String app = UUID.randomUUID().toString();
        kafka().send(Topics.APPLICATIONS, submitted(app, "dave", "zh"));
        awaitCount("dave", app, 1);
        given().auth().oauth2(DevTokens.tokenWithIdNumber("applicant", "mallory", "110105198506150014")).queryParam("applicationId", app)
                .get("/api/v1/notifications").then().statusCode(200).body("$", hasSize(0));
        // the account named on the event is nobody without the verified identity
        given().auth().oauth2(DevTokens.token("applicant", "dave")).queryParam("applicationId", app)
                .get("/api/v1/notifications").then().statusCode(200).body("$", hasSize(0));
        given().auth().oauth2(DevTokens.tokenWithIdNumber("applicant", "dave", "110105198506150014"))
                .get("/api/v1/notifications").then().statusCode(200).body("applicationId", not(hasItem(app)));
        // any account verified as the person reads them
        given().auth().oauth2(DevTokens.tokenWithIdNumber("applicant", "dave-on-the-web", ID)).queryParam("applicationId", app)
                .get("/api/v1/notifications").then().statusCode(200).body("$", hasSize(1));
        // staff see every channel: the in-app copy and the SMS
        given().auth().oauth2(DevTokens.token("reviewer", "r")).queryParam("applicationId", app)
                .get("/api/v1/notifications").then().statusCode(200).body("$", hasSize(2))
                .body("channel", org.hamcrest.Matchers.containsInAnyOrder("IN_APP", "SMS"));
        given().auth().oauth2(DevTokens.token("reviewer", "r")).get("/api/v1/notifications")
                .then().statusCode(400).body("code", equalTo("APPLICATION_ID_REQUIRED"));
        given().get("/api/v1/notifications").then().statusCode(401);
        given().auth().oauth2(DevTokens.tokenWithIdNumber("applicant", "dave", ID)).get("/api/v1/events").then().statusCode(403);
        given().auth().oauth2(DevTokens.tokenWithIdNumber("applicant", "dave", ID)).queryParam("applicationId", "nope")
                .get("/api/v1/notifications").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(DevTokens.token("operations", "o")).queryParam("size", "0")
                .get("/api/v1/events").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        given().get("/dashboard/").then().statusCode(200).body(containsString("Operations dashboard"));
    }
}
