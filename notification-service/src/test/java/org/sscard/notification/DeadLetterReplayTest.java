package org.sscard.notification;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.sscard.events.EventEnvelope;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.infra.DevTokens;
import org.sscard.infra.InfraTestResource;
import org.sscard.infra.KafkaTestClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Dead letters worked through from the operations API: a replay sends the message back to its original topic as it
 * was (key, value, event id), once; a discard needs a reason; every action is audited; the bulk replay takes every
 * open one of a cause. The dead letters are written as SmallRye's dead-letter strategy writes them.
 */
@QuarkusTest
@QuarkusTestResource(InfraTestResource.class)
class DeadLetterReplayTest {
    static final String OPS = DevTokens.token("operations", "ops-replay");
    static final String DLQ = "sscard.dlq.registration-service";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    /** A dead letter of {@code envelope}, once read from {@code original}, with {@code reason}. */
    void deadLetter(String original, EventEnvelope envelope, String reason) {
        new KafkaTestClient(bootstrap).send(DLQ, envelope.aggregateId(), KafkaTestClient.json(envelope), Map.of(
                "event-id", envelope.eventId().toString(), "event-type", envelope.type(), "dead-letter-reason", reason,
                "dead-letter-topic", original, "dead-letter-partition", "0", "dead-letter-offset", "42"));
    }

    static EventEnvelope approval(String app) {
        return KafkaTestClient.envelope(EventTypes.APPLICATION_APPROVED, app, "review-service",
                new Payloads.ApplicationApproved(app, "r", "dl", "RESIDENT", "n", "id", "m", "110105-001", "110105",
                        "rv", null));
    }

    /** The id of the open dead letter whose key is {@code key}, once the dashboard's consumer has it. */
    long listed(String key) {
        await().atMost(Duration.ofSeconds(40)).until(() -> given().auth().oauth2(OPS).queryParam("status", "OPEN")
                .get("/api/v1/dead-letters").then().extract().jsonPath().getList("key").contains(key));
        return given().auth().oauth2(OPS).queryParam("status", "OPEN").get("/api/v1/dead-letters").then()
                .extract().jsonPath().getLong("find { it.key == '" + key + "' }.id");
    }

    List<ConsumerRecord<String, String>> on(String topic, String key) {
        return new KafkaTestClient(bootstrap).matching(topic, r -> key.equals(r.key()));
    }

    @Test
    void aReplayedDeadLetterGoesBackToItsTopicAsItWasOnceAndIsAudited() {
        String original = "sscard.test-replay-" + UUID.randomUUID();
        String app = UUID.randomUUID().toString();
        EventEnvelope event = approval(app);
        deadLetter(original, event, "HANDLER_FAILED: handler failed 6 times: QuarkusTransactionException");
        long id = listed(app);
        given().auth().oauth2(OPS).get("/api/v1/dead-letters/" + id).then().statusCode(200)
                .body("deadLetter.cause", equalTo("HANDLER_FAILED")).body("deadLetter.status", equalTo("OPEN"))
                .body("deadLetter.originalTopic", equalTo(original)).body("actions", hasSize(0));
        // staff without the operations role may not
        given().auth().oauth2(DevTokens.token("reviewer", "r")).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/dead-letters/" + id + "/replay").then().statusCode(403);

        given().auth().oauth2(OPS).contentType(ContentType.JSON).body("{\"note\":\"database is back\"}")
                .post("/api/v1/dead-letters/" + id + "/replay").then().statusCode(200)
                .body("status", equalTo("REPLAYED")).body("resolvedBy", equalTo("ops-replay"));
        await().atMost(Duration.ofSeconds(20)).until(() -> on(original, app).size() == 1);
        ConsumerRecord<String, String> replayed = on(original, app).get(0);
        assertEquals(KafkaTestClient.json(event), replayed.value(), "the value as it was: the same event id");
        assertEquals(event.eventId().toString(), KafkaTestClient.header(replayed, "event-id"));
        assertEquals(null, KafkaTestClient.header(replayed, "dead-letter-reason"), "no dead-letter headers");
        assertEquals(true, KafkaTestClient.header(replayed, "replayed-from").startsWith(DLQ + "/"));

        // once: a second replay is refused, and nothing more reaches the topic
        given().auth().oauth2(OPS).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/dead-letters/" + id + "/replay").then().statusCode(409)
                .body("code", equalTo("DEAD_LETTER_RESOLVED"));
        given().auth().oauth2(OPS).contentType(ContentType.JSON).body("{\"reason\":\"too late\"}")
                .post("/api/v1/dead-letters/" + id + "/discard").then().statusCode(409);
        assertEquals(1, on(original, app).size());
        given().auth().oauth2(OPS).get("/api/v1/dead-letters/" + id).then()
                .body("actions.action", equalTo(List.of("DEAD_LETTER_REPLAY")))
                .body("actions[0].actor", equalTo("ops-replay"))
                .body("actions[0].detail", org.hamcrest.Matchers.containsString("database is back"));
    }

    @Test
    void aPoisonEventSentTwiceByAConsumerThatRestartedIsOneEntryUntilItIsResolved() {
        String original = "sscard.test-twice-" + UUID.randomUUID();
        String app = UUID.randomUUID().toString();
        EventEnvelope event = approval(app);
        deadLetter(original, event, "INVARIANT_BROKEN: ApplicationApproved refused: UNKNOWN_APPLICATION");
        deadLetter(original, event, "INVARIANT_BROKEN: ApplicationApproved refused: UNKNOWN_APPLICATION");
        // a later event of the same application, on the same partition: once it is listed, both sends were read
        EventEnvelope later = approval(app);
        deadLetter(original, later, "INVARIANT_BROKEN: ApplicationApproved refused: UNKNOWN_APPLICATION");
        await().atMost(Duration.ofSeconds(40)).until(() -> open(app).contains(later.eventId().toString()));
        assertEquals(List.of(event.eventId().toString(), later.eventId().toString()), open(app));

        // replayed, then refused again: it is back on the list, as a new entry
        long id = given().auth().oauth2(OPS).queryParam("status", "OPEN").get("/api/v1/dead-letters").then().extract()
                .jsonPath().getLong("find { it.eventId == '" + event.eventId() + "' }.id");
        given().auth().oauth2(OPS).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/dead-letters/" + id + "/replay").then().statusCode(200);
        deadLetter(original, event, "INVARIANT_BROKEN: ApplicationApproved refused: UNKNOWN_APPLICATION");
        await().atMost(Duration.ofSeconds(40)).until(() -> open(app).size() == 2
                && open(app).contains(event.eventId().toString()));
    }

    /** The event ids of the open dead letters whose key is {@code key}, oldest first. */
    List<String> open(String key) {
        List<String> ids = given().auth().oauth2(OPS).queryParam("status", "OPEN").queryParam("size", 1000)
                .get("/api/v1/dead-letters").then().extract().jsonPath()
                .getList("findAll { it.key == '" + key + "' }.eventId");
        List<String> oldestFirst = new java.util.ArrayList<>(ids);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    @Test
    void aDiscardNeedsAReasonAndIsAudited() {
        String app = "poison-" + UUID.randomUUID();
        deadLetter("sscard.test-discard", approval(app), "UNKNOWN_TYPE: unknown event type: Nonsense");
        long id = listed(app);
        given().auth().oauth2(OPS).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/dead-letters/" + id + "/discard").then().statusCode(400);
        given().auth().oauth2(OPS).contentType(ContentType.JSON).body("{\"reason\":\"   \"}")
                .post("/api/v1/dead-letters/" + id + "/discard").then().statusCode(400);
        given().auth().oauth2(OPS).contentType(ContentType.JSON).body("{\"reason\":\"a test message from the vendor\"}")
                .post("/api/v1/dead-letters/" + id + "/discard").then().statusCode(200)
                .body("status", equalTo("DISCARDED")).body("resolution", equalTo("a test message from the vendor"));
        given().auth().oauth2(OPS).get("/api/v1/dead-letters/" + id).then()
                .body("actions.action", equalTo(List.of("DEAD_LETTER_DISCARD")));
        given().auth().oauth2(OPS).queryParam("status", "DISCARDED").get("/api/v1/dead-letters").then()
                .body("id", org.hamcrest.Matchers.hasItem((int) id));
        given().auth().oauth2(OPS).get("/api/v1/dead-letters/999999999").then().statusCode(404);
    }

    @Test
    void everyOpenDeadLetterOfOneTopicIsReplayedInTheOrderTheyFailed() {
        String original = "sscard.test-bulk-" + UUID.randomUUID();
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        deadLetter(original, approval(first), "HANDLER_FAILED: handler failed 6 times: X");
        deadLetter(original, approval(second), "HANDLER_FAILED: handler failed 6 times: X");
        listed(first);
        listed(second);
        given().auth().oauth2(OPS).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/dead-letters/replay").then().statusCode(400).body("code", equalTo("FILTER_REQUIRED"));
        given().auth().oauth2(OPS).contentType(ContentType.JSON).body("{\"originalTopic\":\"" + original + "\"}")
                .post("/api/v1/dead-letters/replay").then().statusCode(200)
                .body("replayed", equalTo(2)).body("stillOpen", equalTo(0));
        await().atMost(Duration.ofSeconds(20)).until(() -> on(original, first).size() == 1 && on(original, second).size() == 1);
        given().auth().oauth2(OPS).contentType(ContentType.JSON).body("{\"originalTopic\":\"" + original + "\"}")
                .post("/api/v1/dead-letters/replay").then().statusCode(200).body("replayed", equalTo(0));
    }
}
