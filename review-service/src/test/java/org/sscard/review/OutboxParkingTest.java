package org.sscard.review;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.sscard.infra.DevTokens;
import org.sscard.infra.InfraTestResource;
import org.sscard.infra.KafkaTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * An outbox row that Kafka refuses for good no longer blocks every later event: it is parked after
 * sscard.outbox.max-attempts refusals (3 in tests), its application's later events wait behind it in order, every
 * other application's events flow, and operations retry it once the cause is fixed. Checked on the table and on the
 * topic, with rows written straight into the outbox as the platform's writer writes them.
 */
@QuarkusTest
@QuarkusTestResource(InfraTestResource.class)
class OutboxParkingTest {
    static final String OPS = DevTokens.token("operations", "ops-outbox");

    @Inject
    EntityManager em;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static String envelope(UUID id, String aggregate, String filler) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"ReviewOpened\",\"schemaVersion\":1,\"occurredAt\":\""
                + Instant.now() + "\",\"aggregateId\":\"" + aggregate + "\",\"producer\":\"review-service\","
                + "\"payload\":{\"filler\":\"" + filler + "\"}}";
    }

    /** Outbox rows in this order, in one transaction: {topic, aggregate, envelope} each. */
    List<UUID> write(String[]... rows) {
        List<UUID> ids = new java.util.ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> {
            for (String[] r : rows) {
                UUID id = UUID.fromString(r[3]);
                em.createNativeQuery("insert into outbox_event (id, topic, aggregate_id, type, envelope, created_at, "
                                + "attempts) values (?1, ?2, ?3, 'ReviewOpened', ?4, ?5, 0)")
                        .setParameter(1, id).setParameter(2, r[0]).setParameter(3, r[1]).setParameter(4, r[2])
                        .setParameter(5, Instant.now()).executeUpdate();
                ids.add(id);
            }
        });
        return ids;
    }

    static String[] row(String topic, String aggregate, UUID id, String filler) {
        return new String[]{topic, aggregate, envelope(id, aggregate, filler), id.toString()};
    }

    Object[] outboxRow(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<?> r = em.createNativeQuery("select attempts, parked_at, last_error from outbox_event where id = ?1")
                    .setParameter(1, id).getResultList();
            return r.isEmpty() ? null : (Object[]) r.get(0);
        });
    }

    List<String> eventIdsFor(String topic, String aggregate) {
        return new KafkaTestClient(bootstrap).matching(topic, r -> aggregate.equals(r.key())).stream()
                .map(r -> KafkaTestClient.header(r, "event-id")).toList();
    }

    @Test
    void aRowKafkaRefusesIsParkedHoldingOnlyItsApplicationsLaterEventsUntilOperationsRetryIt() {
        String topic = "sscard.test-outbox-parking";
        String held = "held-" + UUID.randomUUID();
        String other = "other-" + UUID.randomUUID();
        UUID tooLarge = UUID.randomUUID();
        UUID behind = UUID.randomUUID();
        UUID flows = UUID.randomUUID();
        // 2 MB: over the producer's max.request.size (1 MB), a refusal no retry changes
        write(row(topic, held, tooLarge, "x".repeat(2 * 1024 * 1024)), row(topic, held, behind, "small"),
                row(topic, other, flows, "small"));

        await().atMost(Duration.ofSeconds(30)).until(() -> eventIdsFor(topic, other).equals(List.of(flows.toString())));
        await().atMost(Duration.ofSeconds(30)).until(() -> outboxRow(tooLarge)[1] != null);
        Object[] parked = outboxRow(tooLarge);
        assertEquals(3, ((Number) parked[0]).intValue(), "parked after max-attempts refusals");
        assertEquals(true, String.valueOf(parked[2]).startsWith("RecordTooLargeException"), String.valueOf(parked[2]));
        Object[] waiting = outboxRow(behind);
        assertEquals(0, ((Number) waiting[0]).intValue(), "the later event of the same application was never sent");
        assertNull(waiting[1], "and is not parked: it waits");
        assertEquals(List.of(), eventIdsFor(topic, held), "nothing of the held application reached Kafka");

        given().auth().oauth2(OPS).get("/api/v1/operations/outbox").then().statusCode(200)
                .body("parked.find { it.id == '" + tooLarge + "' }.heldAggregates", equalTo(1))
                .body("parked.find { it.id == '" + tooLarge + "' }.aggregateId", equalTo(held))
                .body("parked.find { it.id == '" + tooLarge + "' }.lastError", containsString("RecordTooLarge"));
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/q/metrics").then().extract().asString()
                .lines().anyMatch(l -> l.startsWith("sscard_outbox_parked ") && !l.endsWith(" 0.0")));
        given().auth().oauth2(DevTokens.token("reviewer", "r")).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/operations/outbox/" + tooLarge + "/retry").then().statusCode(403);

        // the operator fixes the cause (here: the event is made small enough), then retries the row
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update outbox_event set envelope = ?2 where id = ?1")
                .setParameter(1, tooLarge).setParameter(2, envelope(tooLarge, held, "fixed")).executeUpdate());
        given().auth().oauth2(OPS).contentType(ContentType.JSON).body("{\"reason\":\"event shrunk\"}")
                .post("/api/v1/operations/outbox/" + tooLarge + "/retry").then().statusCode(200)
                .body("id", equalTo(tooLarge.toString()));
        await().atMost(Duration.ofSeconds(30)).until(() -> eventIdsFor(topic, held).size() == 2);
        assertEquals(List.of(tooLarge.toString(), behind.toString()), eventIdsFor(topic, held),
                "the held application's events in their order");
        String audit = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "select actor || ' ' || action || ' ' || detail from operations_audit where target = ?1")
                .setParameter(1, "outbox:" + tooLarge).getSingleResult());
        assertEquals(true, audit.startsWith("ops-outbox OUTBOX_RETRY event shrunk"), audit);
        given().auth().oauth2(OPS).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/operations/outbox/" + tooLarge + "/retry").then().statusCode(404);
    }

    @Test
    void rowsForATopicKafkaRefusesAreParkedWhileTheOtherTopicsFlow() {
        String bad = "sscard.test outbox refused"; // not a valid topic name
        String good = "sscard.test-outbox-flowing";
        String a = "bad-" + UUID.randomUUID();
        String b = "good-" + UUID.randomUUID();
        UUID refused = UUID.randomUUID();
        UUID flows = UUID.randomUUID();
        write(row(bad, a, refused, "small"), row(good, b, flows, "small"));
        await().atMost(Duration.ofSeconds(30)).until(() -> eventIdsFor(good, b).equals(List.of(flows.toString())));
        await().atMost(Duration.ofSeconds(30)).until(() -> outboxRow(refused)[1] != null);
        assertEquals(true, String.valueOf(outboxRow(refused)[2]).startsWith("InvalidTopicException"));
        // leave nothing parked for the other tests of this module
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("delete from outbox_event where id = ?1")
                .setParameter(1, refused).executeUpdate());
    }
}
