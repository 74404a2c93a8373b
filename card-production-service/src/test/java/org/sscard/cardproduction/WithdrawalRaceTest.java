package org.sscard.cardproduction;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.sscard.events.EventEnvelope;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.events.Topics;
import org.sscard.infra.DevTokens;
import org.sscard.infra.InfraTestResource;
import org.sscard.infra.KafkaTestClient;
import org.sscard.platform.inbox.ProcessedEvent;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A withdrawal and an approval travel on different topics, so card production may hear them in either order, and may
 * already be making (or have made) the card when registration accepts the withdrawal. A withdrawn application never
 * gets a card in anyone's hand.
 */
@QuarkusTest
@QuarkusTestResource(InfraTestResource.class)
class WithdrawalRaceTest {
    static final String ID = "11010519491231002X";
    static final String CLERK = DevTokens.clerk("race-clerk", "110105-001");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    EntityManager em;
    @Inject
    io.quarkus.scheduler.Scheduler scheduler;
    @Inject
    org.sscard.cardproduction.messaging.ApprovedApplicationsConsumer consumer;

    EventEnvelope approval(String app) {
        return KafkaTestClient.envelope(EventTypes.APPLICATION_APPROVED, app, "review-service",
                new Payloads.ApplicationApproved(app, UUID.randomUUID().toString(), "race", "RESIDENT", "张三", ID,
                        "110***********002X", "110105-001", "110105", "r1", null));
    }

    EventEnvelope withdrawal(String app) {
        return KafkaTestClient.envelope(EventTypes.APPLICATION_WITHDRAWN, app, "registration-service",
                new Payloads.ApplicationWithdrawn(app, "race", "110***********002X", "race", "changed my mind"));
    }

    /** Sends {@code event} and waits until card production has recorded it as handled. */
    void handled(String topic, EventEnvelope event) {
        new KafkaTestClient(bootstrap).send(topic, event);
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> em.find(ProcessedEvent.class, event.eventId()) != null));
    }

    /**
     * Approvals consumed as a batch (their applications locked and looked up at once, card numbers drawn at once):
     * the same approval twice in one batch makes one card, an application withdrawn before makes none, and every
     * card gets its own number and a print batch.
     */
    @Test
    void aBatchOfApprovalsMakesOneCardEachAndNoneForAWithdrawnApplication() {
        String a = UUID.randomUUID().toString(), b = UUID.randomUUID().toString(), gone = UUID.randomUUID().toString();
        handled(Topics.APPLICATIONS, withdrawal(gone));
        List<EventEnvelope> events = List.of(approval(a), approval(b), approval(a), approval(gone));
        consumer.onReviewBulkEvent(KafkaTestClient.poll(Topics.lane(Topics.REVIEWS, true), events))
                .toCompletableFuture().join();

        assertEquals(1, statuses(a).size());
        assertEquals(1, statuses(b).size());
        assertEquals(List.of(), statuses(gone));
        String cardA = card(a), cardB = card(b);
        org.junit.jupiter.api.Assertions.assertNotEquals(cardA, cardB);
        assertEquals(2L, QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                "select count(c) from Card c where c.batchId is not null and c.applicationId in :ids", Long.class)
                .setParameter("ids", List.of(UUID.fromString(a), UUID.fromString(b))).getSingleResult()));
    }

    List<String> statuses(String app) {
        return given().auth().oauth2(CLERK).queryParam("applicationId", app).get("/api/v1/cards").then()
                .statusCode(200).extract().jsonPath().getList("status");
    }

    String card(String app) {
        await().atMost(Duration.ofSeconds(30)).until(() -> statuses(app).size() == 1);
        return given().auth().oauth2(CLERK).queryParam("applicationId", app).get("/api/v1/cards").then()
                .extract().path("[0].cardNumber");
    }

    void awaitStatus(String app, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> statuses(app).equals(List.of(status)));
    }

    List<String> cardEvents(String app) {
        return new KafkaTestClient(bootstrap).events(Topics.CARDS, app).stream().map(EventEnvelope::type).toList();
    }

    @Test
    void aWithdrawalHeardBeforeTheApprovalMeansNoCardIsMade() {
        String app = UUID.randomUUID().toString();
        handled(Topics.APPLICATIONS, withdrawal(app));
        handled(Topics.REVIEWS, approval(app));
        assertEquals(List.of(), statuses(app), "no card for a withdrawn application");
        assertEquals(List.of(), cardEvents(app));
    }

    @Test
    void aWithdrawalHeardAfterTheApprovalCancelsTheCardInItsBatch() {
        String app = UUID.randomUUID().toString();
        String card;
        scheduler.pause(org.sscard.cardproduction.service.BatchScheduler.IDENTITY); // the batch stays open meanwhile
        try {
            handled(Topics.REVIEWS, approval(app));
            card = card(app);
            assertEquals(List.of("IN_BATCH"), statuses(app));
            handled(Topics.APPLICATIONS, withdrawal(app));
        } finally {
            scheduler.resume(org.sscard.cardproduction.service.BatchScheduler.IDENTITY);
        }
        given().auth().oauth2(CLERK).get("/api/v1/cards/" + card).then().body("status", equalTo("CANCELLED"));
        await().atMost(Duration.ofSeconds(20)).until(() -> cardEvents(app).contains(EventTypes.CARD_CANCELLED));
        EventEnvelope cancelled = new KafkaTestClient(bootstrap).events(Topics.CARDS, app).stream()
                .filter(e -> e.type().equals(EventTypes.CARD_CANCELLED)).findFirst().orElseThrow();
        assertEquals("WITHDRAWN", cancelled.payload().get("reason").asText());
        // and the batch does not bring it back: it is never printed, dispatched or readied
        handled(Topics.REVIEWS, approval(UUID.randomUUID().toString())); // a later event has been handled
        assertEquals(List.of("CANCELLED"), statuses(app));
    }

    @Test
    void aWithdrawalHeardWhileTheCardWaitsAtTheOutletCancelsIt() {
        String app = UUID.randomUUID().toString();
        handled(Topics.REVIEWS, approval(app));
        String card = card(app);
        awaitStatus(app, "READY_FOR_COLLECTION");
        handled(Topics.APPLICATIONS, withdrawal(app));
        given().auth().oauth2(CLERK).get("/api/v1/cards/" + card).then().body("status", equalTo("CANCELLED"));
        given().auth().oauth2(CLERK).contentType(ContentType.JSON).body("{\"idNumber\":\"" + ID + "\"}")
                .post("/api/v1/cards/" + card + "/collection").then().statusCode(409);
    }

    @Test
    void aWithdrawalHeardAfterTheHandoverLeavesTheCardWithItsHolder() {
        String app = UUID.randomUUID().toString();
        handled(Topics.REVIEWS, approval(app));
        String card = card(app);
        awaitStatus(app, "READY_FOR_COLLECTION");
        given().auth().oauth2(CLERK).contentType(ContentType.JSON).body("{\"idNumber\":\"" + ID + "\"}")
                .post("/api/v1/cards/" + card + "/collection").then().statusCode(200);
        handled(Topics.APPLICATIONS, withdrawal(app));
        given().auth().oauth2(CLERK).queryParam("applicationId", app).get("/api/v1/cards").then()
                .body("$", hasSize(1)).body("[0].status", equalTo("ISSUED_SEALED"));
    }

    @Inject
    org.sscard.cardproduction.service.ProductionService production;

    @Test
    void anApprovalAndAWithdrawalHandledAtTheSameMomentLeaveNoLiveCard() throws Exception {
        // the two topics' consumers (or two instances) decide side by side: each must see the other's work
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String app = UUID.randomUUID().toString();
                EventEnvelope withdrawal = withdrawal(app);
                var approval = KafkaTestClient.JSON.treeToValue(approval(app).payload(), Payloads.ApplicationApproved.class);
                var withdrawnPayload = KafkaTestClient.JSON.treeToValue(withdrawal.payload(), Payloads.ApplicationWithdrawn.class);
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                var approved = two.submit(() -> {
                    go.await();
                    QuarkusTransaction.requiringNew().run(() -> production.startProduction(approval));
                    return null;
                });
                var withdrawn = two.submit(() -> {
                    go.await();
                    QuarkusTransaction.requiringNew().run(() -> production.withdrawn(withdrawnPayload,
                            withdrawal.occurredAt()));
                    return null;
                });
                go.countDown();
                approved.get();
                withdrawn.get();
                List<String> cards = statuses(app);
                assertEquals(true, cards.isEmpty() || cards.equals(List.of("CANCELLED")), "round " + round + ": " + cards);
            }
        } finally {
            two.shutdownNow();
        }
    }

    @Test
    void aRedeliveredWithdrawalChangesNothing() {
        String app = UUID.randomUUID().toString();
        EventEnvelope w = withdrawal(app);
        handled(Topics.APPLICATIONS, w);
        new KafkaTestClient(bootstrap).send(Topics.APPLICATIONS, w);
        handled(Topics.REVIEWS, approval(app));
        assertEquals(List.of(), statuses(app));
    }
}
