package org.sscard.platform.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.sscard.events.EventEnvelope;
import org.sscard.events.EventTypes;
import org.sscard.platform.reliability.Outages;
import org.sscard.platform.rest.ProblemException;

import java.time.Clock;

/**
 * Handles one Kafka record exactly once in effect: parses the envelope, skips an event id already handled, and runs
 * the handler and records the event id in one transaction.
 * <ul>
 * <li>Infrastructure that is unavailable (the database down or in recovery, no connection in the pool, the broker
 * gone, a serialization failure or a lock timeout) is waited out for as long as it takes ({@link Outages}). The record
 * stays unacknowledged meanwhile, so the connector stops fetching more for the channel (it keeps polling, and keeps
 * its partitions).</li>
 * <li>A poison message goes to the dead-letter topic at once, with its {@link PoisonMessageException.Cause}: it cannot
 * be read, its type is not in the catalogue, its payload does not match the type, or it breaks a rule of the domain
 * (a handler refusing it with a problem of status 4xx).</li>
 * <li>Any other failure is tried {@code sscard.consumer.max-attempts} times (doubling from
 * {@code sscard.consumer.backoff-millis}), then dead-lettered as {@code HANDLER_FAILED}.</li>
 * </ul>
 * The dead-letter-queue failure strategy of the channel moves the record to the dead-letter topic with the reason and
 * commits past it, so the partition keeps flowing.
 */
@ApplicationScoped
public class IdempotentConsumer {
    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);

    private final ObjectMapper mapper;
    private final EntityManager em;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Outages outages;
    private final int maxAttempts;

    public IdempotentConsumer(ObjectMapper mapper, EntityManager em, Clock clock, MeterRegistry registry, Outages outages,
                              @ConfigProperty(name = "sscard.consumer.max-attempts", defaultValue = "6") int maxAttempts) {
        this.mapper = mapper;
        this.em = em;
        this.clock = clock;
        this.registry = registry;
        this.outages = outages;
        this.maxAttempts = maxAttempts;
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
            deadLettered("unreadable", e.poisonCause());
            throw e;
        }
        String topic = record.topic();
        String subject = "Event " + envelope.eventId() + " (" + envelope.type() + ")";
        Timer.Sample sample = Timer.start(registry);
        for (int failed = 1; ; failed++) {
            try {
                boolean applied = outages.transaction(topic, subject, () -> applyOnce(topic, envelope, handler, payload));
                sample.stop(registry.timer("sscard_events_consumed", "type", envelope.type(),
                        "outcome", applied ? "applied" : "duplicate"));
                return applied;
            } catch (PoisonMessageException e) {
                throw poison(topic, envelope, e);
            } catch (ProblemException e) {
                if (e.status() < 500) {
                    // the domain refused the event (a state that does not allow it, say): the same every time
                    throw poison(topic, envelope, new PoisonMessageException(PoisonMessageException.Cause.INVARIANT_BROKEN,
                            envelope.type() + " refused: " + e.code()));
                }
                retryOrGiveUp(topic, envelope, e, failed);
            } catch (RuntimeException e) {
                retryOrGiveUp(topic, envelope, e, failed);
            }
        }
    }

    /** Waits before the next attempt, or, after the last one, gives the event up as poison. */
    private void retryOrGiveUp(String topic, EventEnvelope envelope, RuntimeException e, int failed) {
        if (failed >= maxAttempts) {
            LOG.errorf("Event %s (%s) failed %d times; sending to dead-letter topic: %s", envelope.eventId(),
                    envelope.type(), failed, e.getClass().getSimpleName());
            // No cause attached: its message (a constraint violation, say) may quote personal data, and the
            // dead-letter headers carry the cause's message.
            throw poison(topic, envelope, new PoisonMessageException(PoisonMessageException.Cause.HANDLER_FAILED,
                    "handler failed " + failed + " times: " + e.getClass().getSimpleName()));
        }
        LOG.warnf("Event %s (%s) attempt %d failed, retrying: %s", envelope.eventId(), envelope.type(), failed,
                e.getClass().getSimpleName());
        outages.pause(outages.backoff(failed));
    }

    private PoisonMessageException poison(String topic, EventEnvelope envelope, PoisonMessageException e) {
        outages.gaveUp(topic);
        deadLettered(envelope.type(), e.poisonCause());
        return e;
    }

    private void deadLettered(String type, PoisonMessageException.Cause cause) {
        registry.counter("sscard_events_dead_lettered_total", "type", type, "cause", cause.name()).increment();
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
            throw new PoisonMessageException(PoisonMessageException.Cause.UNREADABLE, "empty message");
        }
        EventEnvelope envelope;
        try {
            envelope = mapper.readValue(value, EventEnvelope.class);
        } catch (JsonProcessingException e) {
            // Jackson's message may quote the content; report the position only.
            throw new PoisonMessageException(PoisonMessageException.Cause.UNREADABLE, "malformed JSON envelope at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr()));
        }
        if (envelope.eventId() == null || envelope.type() == null || envelope.aggregateId() == null
                || envelope.payload() == null) {
            throw new PoisonMessageException(PoisonMessageException.Cause.UNREADABLE,
                    "envelope lacks eventId, type, aggregateId or payload");
        }
        if (!EventTypes.PAYLOADS.containsKey(envelope.type())) {
            throw new PoisonMessageException(PoisonMessageException.Cause.UNKNOWN_TYPE,
                    "unknown event type: " + safe(envelope.type()));
        }
        return envelope;
    }

    private <T> T payload(EventEnvelope envelope, Class<T> type) {
        try {
            return mapper.treeToValue(envelope.payload(), type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PoisonMessageException(PoisonMessageException.Cause.SCHEMA_MISMATCH,
                    "payload of " + envelope.type() + " does not match its schema");
        }
    }

    private static String safe(String s) {
        String t = s.length() > 60 ? s.substring(0, 60) : s;
        return t.replaceAll("[^A-Za-z0-9_.-]", "?");
    }
}
