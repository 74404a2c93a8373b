package org.sscard.review.platform;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.infra.InfraTestResource;
import org.sscard.infra.KafkaTestClient;
import org.sscard.platform.outbox.OutboxWriter;
import org.sscard.platform.persistence.DeferredRows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract of the platform's outbox (OutboxWriter, DeferredRows, OutboxRelay), checked on the outbox table and
 * on Kafka with events of its own topic: not through any service's rules. Review hosts it because the platform is a
 * library without an application of its own; OutboxParkingTest covers a row Kafka refuses.
 */
@QuarkusTest
@QuarkusTestResource(InfraTestResource.class)
class OutboxContractTest {
    @Inject
    OutboxWriter outbox;
    @Inject
    DeferredRows deferred;
    @Inject
    EntityManager em;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static Payloads.ApplicationWithdrawn payload(String app, int n) {
        return new Payloads.ApplicationWithdrawn(app, "alice", "110***********002X", "alice", "step " + n);
    }

    @SuppressWarnings("unchecked")
    List<UUID> rowsInSeqOrder(List<UUID> ids) {
        return em.createNativeQuery("select id from outbox_event where id in (:ids) order by seq", UUID.class)
                .setParameter("ids", ids).getResultList();
    }

    long unsent(List<UUID> ids) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "select count(*) from outbox_event where id in (:ids) and sent_at is null")
                .setParameter("ids", ids).getSingleResult()).longValue());
    }

    /** The event ids Kafka holds for {@code aggregate} on {@code topic}, in the partition's order. */
    List<String> sent(String topic, String aggregate) {
        return new KafkaTestClient(bootstrap).matching(topic, r -> aggregate.equals(r.key())).stream()
                .map(r -> KafkaTestClient.header(r, "event-id")).toList();
    }

    /** Publishes {@code n} events round-robin over {@code apps} in the caller's transaction; returns their ids in order. */
    List<UUID> publish(String topic, List<String> apps, int n) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String app = apps.get(i % apps.size());
            ids.add(outbox.publish(topic, EventTypes.APPLICATION_WITHDRAWN, app, payload(app, i)).eventId());
        }
        return ids;
    }

    void assertEachAggregateInWriteOrder(String topic, List<String> apps, List<UUID> ids) {
        for (int a = 0; a < apps.size(); a++) {
            List<String> expected = new ArrayList<>();
            for (int i = a; i < ids.size(); i += apps.size()) {
                expected.add(ids.get(i).toString());
            }
            String app = apps.get(a);
            await().atMost(Duration.ofSeconds(30)).until(() -> sent(topic, app).size() >= expected.size());
            assertEquals(expected, sent(topic, app), "the events of " + app + " in the order they were written, once");
        }
    }

    @Test
    void oneRowPerEventInWriteOrderCommittedWithTheChangeAndSentInThatOrderPerAggregate() {
        String topic = "sscard.test.contract.outbox";
        List<String> apps = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString());
        List<UUID> ids = QuarkusTransaction.requiringNew().call(() -> {
            List<UUID> written = publish(topic, apps, 30);
            em.flush();
            assertEquals(written, rowsInSeqOrder(written), "one row per event, numbered in the order written");
            return written;
        });
        assertEachAggregateInWriteOrder(topic, apps, ids);
        await().atMost(Duration.ofSeconds(30)).until(() -> unsent(ids) == 0);

        // a transaction that rolls back leaves no row, so no event
        List<UUID> rolledBack = new ArrayList<>();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                rolledBack.addAll(publish(topic, apps, 3));
                em.flush();
                throw new IllegalStateException("the change failed");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from outbox_event where id in (:ids)").setParameter("ids", rolledBack)
                .getSingleResult()).longValue()));
        assertTrue(apps.stream().allMatch(a -> sent(topic, a).stream().noneMatch(
                id -> rolledBack.stream().map(UUID::toString).toList().contains(id))), "no event of a rolled-back change");
    }

    @Test
    void aConsumersBatchWritesItsRowsAtItsEndInOneCopyAndInTheSameOrder() {
        String topic = "sscard.test.contract.deferred";
        List<String> apps = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        List<UUID> ids = QuarkusTransaction.requiringNew().call(() -> {
            deferred.open();
            try {
                List<UUID> written = publish(topic, apps, 200);
                em.flush();
                assertEquals(List.of(), rowsInSeqOrder(written), "deferred: nothing written before the batch ends");
                deferred.writePending();
                assertEquals(written, rowsInSeqOrder(written), "then every row, in the order written");
                return written;
            } finally {
                deferred.close();
            }
        });
        assertEachAggregateInWriteOrder(topic, apps, ids);
        await().atMost(Duration.ofSeconds(30)).until(() -> unsent(ids) == 0);
    }

    @Test
    void onlyTheRelayHoldingTheLeaderLockSends() throws Exception {
        String topic = "sscard.test.contract.leader";
        String app = UUID.randomUUID().toString();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // another relayer (another instance, say) holds the leader's advisory lock for as long as its pass lasts
        Thread other = new Thread(() -> QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("select pg_advisory_xact_lock(7261001)").getSingleResult();
            held.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        other.start();
        assertTrue(held.await(30, TimeUnit.SECONDS));
        List<UUID> ids;
        try {
            ids = QuarkusTransaction.requiringNew().call(() -> publish(topic, List.of(app), 1));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> unsent(ids) == 1);
            assertEquals(List.of(), sent(topic, app), "this relay is not the leader: it sends nothing");
        } finally {
            release.countDown();
            other.join();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> unsent(ids) == 0);
        assertEquals(List.of(ids.get(0).toString()), sent(topic, app));
    }
}
