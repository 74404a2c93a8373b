package org.sscard.review.platform;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.sscard.events.EventEnvelope;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.events.Topics;
import org.sscard.infra.InfraTestResource;
import org.sscard.infra.KafkaTestClient;
import org.sscard.platform.inbox.EventHandlers;
import org.sscard.platform.inbox.IdempotentConsumer;
import org.sscard.platform.problem.DomainException;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract of the platform's inbox (IdempotentConsumer), with handlers of its own: a duplicate is skipped, a
 * failing handler is retried and then dead-lettered, a refusal of the domain goes aside at once; each checked on
 * processed_event and on the dead-letter topic. Review hosts it because the platform has no application of its own.
 */
@QuarkusTest
@QuarkusTestResource(InfraTestResource.class)
class InboxContractTest {
    @Inject
    IdempotentConsumer consumer;
    @Inject
    EntityManager em;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "sscard.consumer.max-attempts", defaultValue = "6")
    int maxAttempts;

    static EventEnvelope withdrawal(String app) {
        return KafkaTestClient.envelope(EventTypes.APPLICATION_WITHDRAWN, app, "registration-service",
                new Payloads.ApplicationWithdrawn(app, "alice", "110***********002X", "alice", "contract"));
    }

    long processed(EventEnvelope e) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from processed_event where event_id = ?1").setParameter(1, e.eventId())
                .getSingleResult()).longValue());
    }

    List<ConsumerRecord<String, String>> deadLetters(EventEnvelope e) {
        return new KafkaTestClient(bootstrap).matching(Topics.deadLetter("review-service"),
                r -> e.aggregateId().equals(r.key())); // a poll's records are keyed by aggregate, as producers key them
    }

    @Test
    void anEventIsHandledOnceWhateverTimesItArrives() {
        String topic = "sscard.test.contract.inbox";
        EventEnvelope e = withdrawal(UUID.randomUUID().toString());
        AtomicInteger effects = new AtomicInteger();
        EventHandlers handlers = EventHandlers.create().on(EventTypes.APPLICATION_WITHDRAWN,
                Payloads.ApplicationWithdrawn.class, (env, p) -> effects.incrementAndGet());

        assertEquals(1, consumer.consumeAll(KafkaTestClient.poll(topic, List.of(e, e)), handlers), "twice in one poll");
        assertEquals(0, consumer.consumeAll(KafkaTestClient.poll(topic, List.of(e)), handlers), "and in a later one");
        assertEquals(1, effects.get());
        assertEquals(1, processed(e), "recorded once in processed_event");
    }

    @Test
    void aFailingHandlerIsRetriedAndItsEventDeadLetteredWithoutATraceWhileOneThatRecoversIsHandledOnce() {
        String topic = "sscard.test.contract.retry";
        EventEnvelope failing = withdrawal(UUID.randomUUID().toString());
        EventEnvelope recovering = withdrawal(UUID.randomUUID().toString());
        AtomicInteger failingTries = new AtomicInteger();
        AtomicInteger recoveringTries = new AtomicInteger();
        EventHandlers handlers = EventHandlers.create().on(EventTypes.APPLICATION_WITHDRAWN,
                Payloads.ApplicationWithdrawn.class, (env, p) -> {
                    if (env.eventId().equals(failing.eventId())) {
                        failingTries.incrementAndGet();
                        throw new IllegalStateException("always fails");
                    }
                    if (recoveringTries.incrementAndGet() <= 2) {
                        throw new IllegalStateException("fails twice");
                    }
                });

        assertEquals(1, consumer.consumeAll(KafkaTestClient.poll(topic, List.of(failing, recovering)), handlers));
        // the batch once, then one by one: every attempt the configuration allows
        assertEquals(1 + maxAttempts, failingTries.get());
        assertEquals(0, processed(failing), "a failed event leaves nothing behind: another delivery may still handle it");
        assertEquals(1, processed(recovering));
        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetters(failing).size() == 1);
        ConsumerRecord<String, String> dead = deadLetters(failing).get(0);
        assertTrue(KafkaTestClient.header(dead, "dead-letter-reason").startsWith("HANDLER_FAILED"),
                KafkaTestClient.header(dead, "dead-letter-reason"));
        assertEquals(topic, KafkaTestClient.header(dead, "dead-letter-topic"));
        assertEquals(List.of(), deadLetters(recovering));
    }

    @Test
    void aRefusalOfTheDomainGoesAsideAtOnceAndAnUnavailableDependencyIsNotPoison() {
        String topic = "sscard.test.contract.refused";
        EventEnvelope refused = withdrawal(UUID.randomUUID().toString());
        AtomicInteger tries = new AtomicInteger();
        EventHandlers handlers = EventHandlers.create().on(EventTypes.APPLICATION_WITHDRAWN,
                Payloads.ApplicationWithdrawn.class, (env, p) -> {
                    tries.incrementAndGet();
                    throw DomainException.conflict("NOT_NOW", "the state does not allow it");
                });

        assertEquals(0, consumer.consumeAll(KafkaTestClient.poll(topic, List.of(refused)), handlers));
        assertEquals(2, tries.get(), "once in the batch, once alone: never retried");
        assertEquals(0, processed(refused));
        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetters(refused).size() == 1);
        assertTrue(KafkaTestClient.header(deadLetters(refused).get(0), "dead-letter-reason").startsWith("INVARIANT_BROKEN"));

        assertTrue(DomainException.conflict("X", "x").permanent());
        assertTrue(!DomainException.unavailable("X", "x").permanent(), "a dependency away is waited out, not poison");
    }
}
