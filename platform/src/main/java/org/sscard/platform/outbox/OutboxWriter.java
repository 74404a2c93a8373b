package org.sscard.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sscard.events.EventEnvelope;
import org.sscard.events.EventTypes;

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

    public OutboxWriter(EntityManager em, ObjectMapper mapper, Clock clock, MeterRegistry registry,
                        @ConfigProperty(name = "quarkus.application.name") String producer) {
        this.em = em;
        this.mapper = mapper;
        this.clock = clock;
        this.registry = registry;
        this.producer = producer;
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
        OutboxEvent row = new OutboxEvent();
        row.id = envelope.eventId();
        row.topic = topic;
        row.aggregateId = aggregateId;
        row.type = type;
        row.createdAt = now;
        try {
            row.envelope = mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event could not be serialised: " + type, e);
        }
        em.persist(row);
        registry.counter("sscard_events_produced_total", "type", type).increment();
        return envelope;
    }

    /**
     * Records one event of {@code type} per entry of {@code payloads} (aggregate id → payload) with a single COPY:
     * the bulk path for rosters, with the same guarantees as {@link #publish}. Returns the envelopes in order.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<EventEnvelope> publishAll(String topic, String type, List<Map.Entry<String, Object>> payloads) {
        if (!EventTypes.PAYLOADS.containsKey(type)) {
            throw new IllegalArgumentException("Event type is not in the catalogue: " + type);
        }
        Instant now = clock.instant();
        List<EventEnvelope> envelopes = new ArrayList<>(payloads.size());
        List<Object[]> rows = new ArrayList<>(payloads.size());
        for (Map.Entry<String, Object> p : payloads) {
            EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), type, EventTypes.SCHEMA_VERSION, now,
                    p.getKey(), producer, mapper.valueToTree(p.getValue()));
            try {
                rows.add(new Object[]{envelope.eventId(), topic, p.getKey(), type, mapper.writeValueAsString(envelope),
                        now, 0});
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Event could not be serialised: " + type, e);
            }
            envelopes.add(envelope);
        }
        em.flush(); // entities persisted earlier in the transaction go first, keeping the outbox in order
        PgCopy.copy(em, "outbox_event", "id, topic, aggregate_id, type, envelope, created_at, attempts", rows);
        registry.counter("sscard_events_produced_total", "type", type).increment(payloads.size());
        return envelopes;
    }
}
