package org.sscard.review;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.sscard.events.EventEnvelope;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.events.Topics;
import org.sscard.infra.DevTokens;
import org.sscard.infra.InfraTestResource;
import org.sscard.infra.KafkaTestClient;
import org.sscard.platform.id.CitizenIdNumber;
import org.sscard.platform.inbox.EventHandlers;
import org.sscard.platform.inbox.IdempotentConsumer;
import org.sscard.platform.outbox.OutboxWriter;
import org.sscard.platform.problem.DomainException;
import org.sscard.review.domain.ReviewTask;
import org.sscard.review.messaging.SubmittedApplicationsConsumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consumers take what Kafka hands them as a batch, in one transaction, and a poison record alone goes aside; and
 * an application of a roster travels on the bulk lane from its submission to its decision.
 */
@QuarkusTest
@QuarkusTestResource(InfraTestResource.class)
class BatchesAndLanesTest {
    @Inject
    IdempotentConsumer consumer;
    @Inject
    EntityManager em;
    @Inject
    OutboxWriter outbox;
    @Inject
    SubmittedApplicationsConsumer submitted;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static ConsumerRecord<String, String> record(String topic, long offset, String key, String value) {
        return new ConsumerRecord<>(topic, 0, offset, key, value);
    }

    long processed(List<UUID> ids) {
        return QuarkusTransaction.requiringNew().call(() -> (Long) em.createQuery(
                "select count(p) from ProcessedEvent p where p.eventId in :ids").setParameter("ids", ids).getSingleResult());
    }

    @Test
    void aBatchIsHandledOnceInOrderAndOnlyItsPoisonRecordGoesToTheDeadLetterTopic() {
        String topic = "sscard.test.batch";
        // every effect runs in the batch's transaction; one event breaks a rule of the domain (a DomainException)
        Map<String, Integer> effects = new ConcurrentHashMap<>();
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        String refused = UUID.randomUUID().toString();
        EventHandlers handlers = EventHandlers.create().on(EventTypes.APPLICATION_WITHDRAWN,
                Payloads.ApplicationWithdrawn.class, (e, p) -> {
                    if (p.applicationId().equals(refused)) {
                        throw DomainException.conflict("NOT_ALLOWED", "refused on purpose");
                    }
                    effects.merge(p.applicationId(), 1, Integer::sum);
                    order.add(p.applicationId());
                });
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        List<UUID> good = new ArrayList<>();
        List<String> apps = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String app = UUID.randomUUID().toString();
            EventEnvelope e = KafkaTestClient.envelope(EventTypes.APPLICATION_WITHDRAWN, app, "registration-service",
                    new Payloads.ApplicationWithdrawn(app, "alice", "110***********002X", "alice", "changed my mind"));
            records.add(record(topic, records.size(), app, KafkaTestClient.json(e)));
            good.add(e.eventId());
            apps.add(app);
            if (i == 5) {
                records.add(record(topic, records.size(), app, KafkaTestClient.json(e))); // a redelivery in the batch
            }
            if (i == 10) {
                EventEnvelope poison = KafkaTestClient.envelope(EventTypes.APPLICATION_WITHDRAWN, refused,
                        "registration-service", new Payloads.ApplicationWithdrawn(refused, "bob", "110***********002X", "bob", "x"));
                records.add(record(topic, records.size(), "poison-" + refused, KafkaTestClient.json(poison)));
                records.add(record(topic, records.size(), "unreadable-" + refused, "{not json"));
            }
        }
        ConsumerRecords<String, String> batch = new ConsumerRecords<>(Map.of(new TopicPartition(topic, 0), records));

        assertEquals(20, consumer.consumeAll(batch, handlers));
        assertEquals(20, processed(good), "every good event recorded once");
        assertTrue(effects.values().stream().allMatch(n -> n >= 1) && effects.size() == 20, effects.toString());
        // the failed batch was rolled back and handled again one by one, in the records' order
        assertEquals(apps, order.subList(order.size() - 20, order.size()));

        // the same batch again (a redelivery after a rebalance, say): nothing has an effect twice
        effects.clear();
        assertEquals(0, consumer.consumeAll(batch, handlers));
        assertTrue(effects.isEmpty(), effects.toString());

        // only the two poison records went aside (twice over now: the second pass met them again), with their causes
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        await().atMost(Duration.ofSeconds(20)).until(() -> kafka.matching(Topics.deadLetter("review-service"),
                r -> r.key() != null && r.key().endsWith(refused)).size() == 4);
        var dead = kafka.matching(Topics.deadLetter("review-service"), r -> r.key() != null && r.key().endsWith(refused));
        Set<String> reasons = new java.util.HashSet<>(dead.stream().map(r -> KafkaTestClient.header(r, "dead-letter-reason")
                .split(":")[0]).toList());
        assertEquals(Set.of("INVARIANT_BROKEN", "UNREADABLE"), reasons);
        assertTrue(dead.stream().allMatch(r -> topic.equals(KafkaTestClient.header(r, "dead-letter-topic"))));
        assertTrue(kafka.matching(Topics.deadLetter("review-service"), r -> r.key() != null
                && apps.contains(r.key())).isEmpty(), "no good record dead-lettered");
    }

    static EventEnvelope submission(String app, String idNumber) {
        return KafkaTestClient.envelope(EventTypes.APPLICATION_SUBMITTED, app, "registration-service",
                new Payloads.ApplicationSubmitted(app, null, "EMPLOYEE", "EMPLOYER", "张三", idNumber,
                        CitizenIdNumber.mask(idNumber), "13800138000", "110105-001", "110105", "zh", null, "SMS", null,
                        null, UUID.randomUUID().toString(), false, null, null));
    }

    void consumeBulk(List<EventEnvelope> events) {
        submitted.onApplicationBulkEvent(KafkaTestClient.poll(Topics.lane(Topics.APPLICATIONS, true), events))
                .toCompletableFuture().join();
    }

    ReviewTask task(String app) {
        return QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                "from ReviewTask where applicationId = :a", ReviewTask.class)
                .setParameter("a", UUID.fromString(app)).getSingleResult());
    }

    long rows(String sql, UUID reviewId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql)
                .setParameter(1, reviewId).getSingleResult()).longValue());
    }

    String actions(UUID reviewId) {
        return QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "select string_agg(action, ',' order by id) from review_audit where review_id = ?1")
                .setParameter(1, reviewId).getSingleResult());
    }

    /**
     * Review opens a whole batch of cases with a few statements (the cases it touches loaded at once, their checks,
     * audit rows and events written together at its end): within one batch it still sees what the batch itself did,
     * in order, as if each event had been handled alone.
     */
    @Test
    void aBatchOfSubmissionsSeesItsOwnCasesInOrder() {
        String p = ReviewFlowTest.idFor(UUID.randomUUID().toString());
        String q = ReviewFlowTest.idFor(UUID.randomUUID().toString());
        String r = ReviewFlowTest.idFor(UUID.randomUUID().toString());
        String a = UUID.randomUUID().toString(), b = UUID.randomUUID().toString(), c = UUID.randomUUID().toString();
        String d = UUID.randomUUID().toString(), earlier = UUID.randomUUID().toString();
        consumeBulk(List.of(submission(earlier, r))); // person R has an open case from an earlier batch

        EventEnvelope withdrawC = KafkaTestClient.envelope(EventTypes.APPLICATION_WITHDRAWN, c, "registration-service",
                new Payloads.ApplicationWithdrawn(c, null, CitizenIdNumber.mask(q), "hr", "left the company"));
        consumeBulk(List.of(
                submission(a, p),
                submission(a, p),        // the same submission announced twice (another event id): one case
                submission(b, p),        // the same person again in the same batch: a duplicate
                submission(c, q), withdrawC, // opened, then withdrawn, in one batch
                submission(d, r)));      // the same person as a case of an earlier batch: a duplicate

        ReviewTask ta = task(a), tb = task(b), tc = task(c), td = task(d);
        assertEquals("OPEN", ta.status.name());
        assertEquals("DECIDED", tb.status.name());
        assertEquals("REJECT", tb.outcome.name());
        assertEquals("DUPLICATE_APPLICATION", tb.reasonCodes);
        assertEquals("WITHDRAWN", tc.status.name());
        assertEquals("REJECT", td.outcome.name());
        assertEquals("DUPLICATE_APPLICATION", td.reasonCodes);

        // the rows written at the batch's end: each case's checks and audit trail, in order
        assertEquals(1, rows("select count(*) from review_check where review_id = ?1 and check_name = 'ONE_OPEN_CASE' "
                + "and passed", ta.id));
        assertEquals(1, rows("select count(*) from review_check where review_id = ?1 and check_name = 'ONE_OPEN_CASE' "
                + "and not passed and reason_code = 'DUPLICATE_APPLICATION'", tb.id));
        assertEquals(1, rows("select count(*) from review_audit where review_id = ?1 and action = 'OPENED'", ta.id));
        assertEquals("OPENED,POLICY_DECIDED", actions(tb.id));
        assertEquals("OPENED,WITHDRAWN", actions(tc.id));

        // the decisions went out on the bulk lane, one each
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        String bulkReviews = Topics.lane(Topics.REVIEWS, true);
        await().atMost(Duration.ofSeconds(20)).until(() -> kafka.events(bulkReviews, b).size() == 1
                && kafka.events(bulkReviews, d).size() == 1);
        assertEquals(EventTypes.APPLICATION_REJECTED, kafka.events(bulkReviews, b).get(0).type());
        assertTrue(kafka.events(bulkReviews, a).isEmpty() && kafka.events(bulkReviews, c).isEmpty());
    }

    @Test
    void anApplicationOfARosterIsReviewedOnTheBulkLaneAndItsDecisionStaysThere() {
        String app = UUID.randomUUID().toString();
        String id = ReviewFlowTest.idFor(app);
        EventEnvelope e = KafkaTestClient.envelope(EventTypes.APPLICATION_SUBMITTED, app, "registration-service",
                new Payloads.ApplicationSubmitted(app, null, "EMPLOYEE", "EMPLOYER", "张三", id, CitizenIdNumber.mask(id),
                        "13800138000", "110105-001", "110105", "zh", null, "SMS", null, null,
                        UUID.randomUUID().toString(), false, null, null));
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        kafka.send(Topics.lane(Topics.APPLICATIONS, true), e);
        String review = new ReviewFlowTest().awaitReview(app);

        String reviewer = DevTokens.token("reviewer", "r-bulk");
        given().auth().oauth2(reviewer).post("/api/v1/reviews/" + review + "/claim").then().statusCode(200);
        given().auth().oauth2(reviewer).contentType(ContentType.JSON).body("{\"outcome\":\"APPROVE\"}")
                .post("/api/v1/reviews/" + review + "/decision").then().statusCode(200).body("outcome", equalTo("APPROVE"));

        String bulkReviews = Topics.lane(Topics.REVIEWS, true);
        await().atMost(Duration.ofSeconds(20)).until(() -> !kafka.events(bulkReviews, app).isEmpty());
        EventEnvelope approved = kafka.events(bulkReviews, app).get(0);
        assertEquals(EventTypes.APPLICATION_APPROVED, approved.type());
        assertTrue(approved.payload().get("bulk").asBoolean(), "card production is told the lane");
        assertTrue(kafka.events(Topics.REVIEWS, app).isEmpty(), "nothing of it on the interactive lane");
    }

    @Test
    void theRelaySendsAPersonsEventBeforeARostersEarlierOnes() {
        // two roster chunks of 600 events each (more than one relay run takes), then one person's event, all
        // committed at once: the person's event leaves in the first run, before the second chunk
        String interactive = "sscard.test.lane-" + UUID.randomUUID();
        String bulk = Topics.lane(interactive, true);
        String person = UUID.randomUUID().toString();
        QuarkusTransaction.requiringNew().run(() -> {
            for (int chunk = 0; chunk < 2; chunk++) {
                List<Map.Entry<String, Object>> rows = new ArrayList<>();
                for (int i = 0; i < 600; i++) {
                    String app = UUID.randomUUID().toString();
                    rows.add(Map.entry(app, new Payloads.ApplicationWithdrawn(app, null, "110***********002X", "hr", "c" + chunk)));
                }
                outbox.publishAll(bulk, EventTypes.APPLICATION_WITHDRAWN, rows);
            }
            outbox.publish(interactive, EventTypes.APPLICATION_WITHDRAWN, person,
                    new Payloads.ApplicationWithdrawn(person, "alice", "110***********002X", "alice", "person"));
        });
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        await().atMost(Duration.ofSeconds(60)).until(() -> kafka.readAll(bulk).size() == 1200
                && kafka.readAll(interactive).size() == 1);
        long personAt = kafka.readAll(interactive).get(0).timestamp();
        long secondChunkFrom = kafka.readAll(bulk).stream().filter(r -> r.value().contains("\"c1\""))
                .mapToLong(ConsumerRecord::timestamp).min().orElseThrow();
        assertTrue(personAt <= secondChunkFrom, "the person's event at " + personAt + ", the second chunk from "
                + secondChunkFrom);
    }
}
