package org.sscard.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sscard.events.EventEnvelope;
import org.sscard.events.EventTypes;
import org.sscard.platform.persistence.DeferredRows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes an event to the outbox inside the caller's transaction (it refuses to run without one), so the
 * event is committed if and only if the state change it announces is committed.
 */
@ApplicationScoped
public class OutboxWriter {
    private final EntityManager em;
    private final ObjectMapper mapper;
    private final String producer;
    private final Clock clock;
    private final MeterRegistry registry;
    private final ObjectWriter bulkWriter;
    private final DeferredRows deferred;

    public OutboxWriter(EntityManager em, ObjectMapper mapper, Clock clock, MeterRegistry registry, DeferredRows deferred,
                        @ConfigProperty(name = "quarkus.application.name") String producer) {
        this.em = em;
        this.deferred = deferred;
        this.mapper = mapper;
        this.clock = clock;
        this.registry = registry;
        this.producer = producer;
        this.bulkWriter = mapper.writerFor(BulkEnvelope.class);
    }

    /** Records {@code payload} as an event of {@code type} for application {@code aggregateId} on {@code topic}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public EventEnvelope publish(String topic, String type, String aggregateId, Object payload) {
        if (!EventTypes.PAYLOADS.containsKey(type)) {
            throw new IllegalArgumentException("Event type is not in the catalogue: " + type);
        }
        Instant now = clock.instant();
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), type, EventTypes.SCHEMA_VERSION, now,
                aggregateId, producer, mapper.valueToTree(payload));
        registry.counter("sscard_events_produced_total", "type", type).increment();
        if (deferred.deferring()) {
            // a consumer's batch: one row per event as always (parking holds an aggregate's later rows), written
            // with the batch's other outbox rows in one COPY, in order (seq numbers them as they arrive)
            deferred.defer("outbox_event", "id, topic, aggregate_id, type, envelope, created_at, attempts",
                    envelope.eventId(), topic, aggregateId, type, json(envelope), now, 0);
            return envelope;
        }
        OutboxEvent row = new OutboxEvent();
        row.id = envelope.eventId();
        row.topic = topic;
        row.aggregateId = aggregateId;
        row.type = type;
        row.createdAt = now;
        row.envelope = json(envelope);
        em.persist(row);
        return envelope;
    }

    private String json(EventEnvelope envelope) {
        try {
            return mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event could not be serialised: " + envelope.type(), e);
        }
    }

    /**
     * Records one event of {@code type} per entry of {@code payloads} (aggregate id → payload), with the same
     * guarantees as {@link #publish}: the bulk path for rosters. The events are stored as one outbox row (see
     * {@code V0_3__outbox_batches.sql}) that the relay publishes as one Kafka record per event, in order. Returns
     * the event ids in order.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> publishAll(String topic, String type, List<Map.Entry<String, Object>> payloads) {
        if (!EventTypes.PAYLOADS.containsKey(type)) {
            throw new IllegalArgumentException("Event type is not in the catalogue: " + type);
        }
        if (payloads.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<UUID> ids = new ArrayList<>(payloads.size());
        java.io.ByteArrayOutputStream events = new java.io.ByteArrayOutputStream(payloads.size() * 800);
        for (Map.Entry<String, Object> p : payloads) {
            UUID id = UUID.randomUUID();
            try {
                // the same JSON as an EventEnvelope, written in one pass instead of through a tree of the payload;
                // compact JSON escapes every tab and line break inside its strings, so lines and fields stay apart
                events.write((id + "\t" + p.getKey() + "\t").getBytes(StandardCharsets.UTF_8));
                bulkWriter.writeValue(events, new BulkEnvelope(id, type, EventTypes.SCHEMA_VERSION, now, p.getKey(),
                        producer, p.getValue()));
                events.write('\n');
            } catch (java.io.IOException e) {
                throw new IllegalStateException("Event could not be serialised: " + type, e);
            }
            ids.add(id);
        }
        em.flush(); // entities persisted earlier in the transaction go first, keeping the outbox in order
        deferred.writePending(); // and so do rows deferred earlier
        em.createNativeQuery("insert into outbox_event (id, topic, type, events, batch_size, created_at, attempts) "
                        + "values (?1, ?2, ?3, ?4, ?5, ?6, 0)")
                .setParameter(1, UUID.randomUUID()).setParameter(2, topic).setParameter(3, type)
                .setParameter(4, events.toByteArray()).setParameter(5, payloads.size()).setParameter(6, now)
                .executeUpdate();
        registry.counter("sscard_events_produced_total", "type", type).increment(payloads.size());
        return ids;
    }

    /** {@link EventEnvelope}'s fields in its order, with the payload as it is rather than as a tree. */
    record BulkEnvelope(UUID eventId, String type, int schemaVersion, Instant occurredAt, String aggregateId,
                        String producer, Object payload) {
    }
}
