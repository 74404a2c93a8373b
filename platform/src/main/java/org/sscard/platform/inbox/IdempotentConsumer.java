package org.sscard.platform.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.sscard.events.EventEnvelope;
import org.sscard.events.EventTypes;

import java.time.Clock;

/**
 * Handles one Kafka record exactly once in effect: parses the envelope, skips an event id already handled,
 * and runs the handler and records the event id in one transaction. Transient failures are retried with
 * exponential backoff (by default 6 attempts over about 8 s); then (or at once, for a {@link PoisonMessageException}) the exception
 * propagates, and the channel's dead-letter-queue failure strategy moves the record to the dead-letter
 * topic with the reason and commits past it, so the partition keeps flowing.
 */
@ApplicationScoped
public class IdempotentConsumer {
    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);

    private final ObjectMapper mapper;
    private final EntityManager em;
    private final Clock clock;
    private final MeterRegistry registry;
    private final int maxAttempts;
    private final long backoffMillis;

    public IdempotentConsumer(ObjectMapper mapper, EntityManager em, Clock clock, MeterRegistry registry,
                              @ConfigProperty(name = "sscard.consumer.max-attempts", defaultValue = "6") int maxAttempts,
                              @ConfigProperty(name = "sscard.consumer.backoff-millis", defaultValue = "250") long backoffMillis) {
        this.mapper = mapper;
        this.em = em;
        this.clock = clock;
        this.registry = registry;
        this.maxAttempts = maxAttempts;
        this.backoffMillis = backoffMillis;
    }

    /** Processes {@code record} with {@code handlers}; returns true if it had an effect, false if skipped. */
    public boolean consume(ConsumerRecord<String, String> record, EventHandlers handlers) {
        EventEnvelope envelope;
        EventHandlers.Handler<?> handler;
        Object payload;
        try {
            envelope = parse(record.value());
            handler = handlers.get(envelope.type());
            if (handler == null) {
                // A catalogued type this service has no interest in: acknowledge and move on.
                return false;
            }
            payload = payload(envelope, handler.payloadType());
        } catch (PoisonMessageException e) {
            registry.counter("sscard_events_dead_lettered_total", "type", "unreadable").increment();
            throw e;
        }
        Timer.Sample sample = Timer.start(registry);
        for (int attempt = 1; ; attempt++) {
            try {
                boolean applied = QuarkusTransaction.requiringNew()
                        .call(() -> applyOnce(record.topic(), envelope, handler, payload));
                sample.stop(registry.timer("sscard_events_consumed", "type", envelope.type(),
                        "outcome", applied ? "applied" : "duplicate"));
                return applied;
            } catch (PoisonMessageException e) {
                registry.counter("sscard_events_dead_lettered_total", "type", envelope.type()).increment();
                throw e;
            } catch (RuntimeException e) {
                if (attempt >= maxAttempts) {
                    registry.counter("sscard_events_dead_lettered_total", "type", envelope.type()).increment();
                    LOG.errorf("Event %s (%s) failed after %d attempts; sending to dead-letter topic: %s",
                            envelope.eventId(), envelope.type(), attempt, e.getClass().getSimpleName());
                    // No cause attached: its message (a constraint violation, say) may quote personal data, and
                    // the dead-letter headers carry the cause's message.
                    throw new IllegalStateException("handler failed after " + attempt + " attempts: "
                            + e.getClass().getSimpleName());
                }
                LOG.warnf("Event %s (%s) attempt %d failed, retrying: %s", envelope.eventId(), envelope.type(),
                        attempt, e.getClass().getSimpleName());
                // exponential: a database failover of a few seconds does not dead-letter what arrives meanwhile
                sleep(backoffMillis << (attempt - 1));
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private boolean applyOnce(String topic, EventEnvelope envelope, EventHandlers.Handler handler, Object payload) {
        if (em.find(ProcessedEvent.class, envelope.eventId()) != null) {
            return false;
        }
        ProcessedEvent processed = new ProcessedEvent();
        processed.eventId = envelope.eventId();
        processed.type = envelope.type();
        processed.topic = topic;
        processed.processedAt = clock.instant();
        em.persist(processed);
        em.flush(); // a concurrent duplicate fails here, before the effect runs
        handler.effect().accept(envelope, payload);
        return true;
    }

    private EventEnvelope parse(String value) {
        if (value == null || value.isBlank()) {
            throw new PoisonMessageException("empty message");
        }
        EventEnvelope envelope;
        try {
            envelope = mapper.readValue(value, EventEnvelope.class);
        } catch (JsonProcessingException e) {
            // Jackson's message may quote the content; report the position only.
            throw new PoisonMessageException("malformed JSON envelope at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr()));
        }
        if (envelope.eventId() == null || envelope.type() == null || envelope.aggregateId() == null
                || envelope.payload() == null) {
            throw new PoisonMessageException("envelope lacks eventId, type, aggregateId or payload");
        }
        if (!EventTypes.PAYLOADS.containsKey(envelope.type())) {
            throw new PoisonMessageException("unknown event type: " + safe(envelope.type()));
        }
        return envelope;
    }

    private <T> T payload(EventEnvelope envelope, Class<T> type) {
        try {
            return mapper.treeToValue(envelope.payload(), type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PoisonMessageException("payload of " + envelope.type() + " does not match its schema");
        }
    }

    private static String safe(String s) {
        String t = s.length() > 60 ? s.substring(0, 60) : s;
        return t.replaceAll("[^A-Za-z0-9_.-]", "?");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
