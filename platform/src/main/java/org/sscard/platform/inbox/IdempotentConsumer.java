package org.sscard.platform.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.sscard.events.EventEnvelope;
import org.sscard.events.EventTypes;
import org.sscard.platform.persistence.DeferredRows;
import org.sscard.platform.problem.DomainException;
import org.sscard.platform.reliability.Outages;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Handles the records of one Kafka poll exactly once in effect, as a batch ({@link #consumeAll}): parses every
 * envelope, looks the event ids up among those already handled with one statement, records the new ones and runs
 * their effects in one transaction, in the order of the records (the events of one application share a partition,
 * so their order is kept). The connector acknowledges the batch after it returns.
 * <ul>
 * <li>Infrastructure that is unavailable (the database down or in recovery, no connection in the pool, the broker
 * gone, a serialization failure or a lock timeout) is waited out for as long as it takes ({@link Outages}). The batch
 * stays unacknowledged meanwhile, so the connector stops fetching more for the channel (it keeps polling, and keeps
 * its partitions).</li>
 * <li>If the batch fails for any other reason, it is rolled back and handled again one record at a time, each in its
 * own transaction, so that a poison record alone goes aside.</li>
 * <li>A poison message goes to the dead-letter topic at once ({@link DeadLetters}), with its
 * {@link PoisonMessageException.Cause}: it cannot be read, its type is not in the catalogue, its payload does not
 * match the type, or it breaks a rule of the domain (a handler refusing it with a problem of status 4xx).</li>
 * <li>Any other failure of one record is tried {@code sscard.consumer.max-attempts} times (doubling from
 * {@code sscard.consumer.backoff-millis}), then dead-lettered as {@code HANDLER_FAILED}.</li>
 * </ul>
 */
@ApplicationScoped
public class IdempotentConsumer {
    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);

    private final ObjectMapper mapper;
    private final EntityManager em;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Outages outages;
    private final DeadLetters deadLetters;
    private final DeferredRows deferred;
    private final int maxAttempts;
    private final Map<String, ExecutorService> workers = new ConcurrentHashMap<>();

    public IdempotentConsumer(ObjectMapper mapper, EntityManager em, Clock clock, MeterRegistry registry, Outages outages,
                              DeadLetters deadLetters, DeferredRows deferred,
                              @ConfigProperty(name = "sscard.consumer.max-attempts", defaultValue = "6") int maxAttempts) {
        this.mapper = mapper;
        this.deadLetters = deadLetters;
        this.deferred = deferred;
        this.em = em;
        this.clock = clock;
        this.registry = registry;
        this.outages = outages;
        this.maxAttempts = maxAttempts;
    }

    /** Handles one readable record: waits out outages, retries other failures, throws a poison one. */
    private boolean consumeReadable(Readable r) {
        EventEnvelope envelope = r.envelope();
        EventHandlers.Handler<?> handler = r.handler();
        Object payload = r.payload();
        String topic = r.record().topic();
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
            } catch (DomainException e) {
                if (e.permanent()) {
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

    /**
     * Handles the batch on a thread of {@code channel}'s own, after the channel's previous batch, and completes when
     * it is done (the connector then acknowledges it). Channels never wait for each other. A consumer method marked
     * {@code @Blocking} runs its work in order on the Vert.x context its channel delivers on, and channels created on
     * one thread can share a context (Vert.x keeps one per non-Vert.x thread), so a bulk lane's batch of several
     * seconds could hold up the interactive lane's; a thread per channel rules that out.
     */
    public CompletionStage<Void> consumeAll(String channel, ConsumerRecords<String, String> records,
                                            EventHandlers handlers) {
        return CompletableFuture.runAsync(() -> consumeAll(records, handlers), workers.computeIfAbsent(channel,
                c -> Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "consumer-" + c);
                    t.setDaemon(true); // a worker waiting out an outage while the service stops holds nothing up
                    return t;
                })));
    }

    @PreDestroy
    void stop() {
        workers.values().forEach(ExecutorService::shutdownNow);
    }

    /** One record of a batch, read: its envelope, the handler of its type and its payload. */
    private record Readable(ConsumerRecord<String, String> record, EventEnvelope envelope,
                            EventHandlers.Handler<?> handler, Object payload) {
    }

    /**
     * Handles the records of one poll as one batch (see the class comment); a poison record goes to the dead-letter
     * topic and the rest are handled. Returns the number of events that had an effect.
     */
    public int consumeAll(ConsumerRecords<String, String> records, EventHandlers handlers) {
        List<Readable> readable = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            try {
                EventEnvelope envelope = parse(record.value());
                EventHandlers.Handler<?> handler = handlers.get(envelope.type());
                if (handler != null) {
                    readable.add(new Readable(record, envelope, handler, payload(envelope, handler.payloadType())));
                }
            } catch (PoisonMessageException e) {
                deadLettered("unreadable", e.poisonCause());
                deadLetters.send(record, e);
            }
        }
        if (readable.isEmpty()) {
            return 0;
        }
        String topic = readable.get(0).record().topic();
        long start = System.nanoTime();
        List<Boolean> applied;
        try {
            applied = outages.transaction(topic, "A batch of " + readable.size() + " events", () -> {
                // the batch's insert-only rows (audit, timeline, outbox...) go in one COPY per table at its end
                deferred.open();
                try {
                    List<Boolean> done = applyAll(readable, handlers.scope());
                    deferred.writePending();
                    return done;
                } finally {
                    deferred.close();
                }
            });
        } catch (RuntimeException e) {
            LOG.infof("A batch of %d events of %s failed (%s); handling them one at a time", readable.size(), topic,
                    e.getClass().getSimpleName());
            // the stack only at DEBUG: a failure's message (a constraint violation, say) may quote personal data
            LOG.debug("The batch's failure", e);
            int effects = 0;
            for (Readable r : readable) {
                try {
                    effects += consumeReadable(r) ? 1 : 0;
                } catch (PoisonMessageException poison) {
                    deadLetters.send(r.record(), poison);
                }
            }
            return effects;
        }
        long perEvent = (System.nanoTime() - start) / readable.size();
        int effects = 0;
        for (int i = 0; i < readable.size(); i++) {
            boolean done = applied.get(i);
            effects += done ? 1 : 0;
            registry.timer("sscard_events_consumed", "type", readable.get(i).envelope().type(),
                    "outcome", done ? "applied" : "duplicate").record(perEvent, TimeUnit.NANOSECONDS);
        }
        return effects;
    }

    /**
     * In the caller's transaction: skips the events already handled (one statement for the whole batch, and a
     * repeat within the batch), records the others, then runs their effects in order. Returns, per record, whether
     * it had an effect.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<Boolean> applyAll(List<Readable> batch, EventHandlers.Scope scope) {
        List<UUID> ids = batch.stream().map(r -> r.envelope().eventId()).toList();
        Set<UUID> seen = new HashSet<>(em.createQuery(
                        "select p.eventId from ProcessedEvent p where p.eventId in :ids", UUID.class)
                .setParameter("ids", ids).getResultList());
        List<Boolean> applied = new ArrayList<>(batch.size());
        List<Readable> fresh = new ArrayList<>(batch.size());
        for (Readable r : batch) {
            boolean first = seen.add(r.envelope().eventId());
            applied.add(first);
            if (first) {
                em.persist(processed(r.record().topic(), r.envelope()));
                fresh.add(r);
            }
        }
        em.flush(); // a concurrent duplicate fails here, before any effect runs
        em.clear();
        if (scope != null && !fresh.isEmpty()) {
            // the scope loads what the batch touches at once; the effects' writes go out together at the end
            scope.beginBatch(fresh.stream().<EventHandlers.Received<?>>map(r ->
                    new EventHandlers.Received<>(r.envelope(), r.payload())).toList());
            try {
                for (Readable r : fresh) {
                    ((EventHandlers.Handler) r.handler()).effect().accept(r.envelope(), r.payload());
                }
                em.flush();
            } finally {
                scope.endBatch();
            }
            em.clear();
            return applied;
        }
        for (Readable r : fresh) {
            ((EventHandlers.Handler) r.handler()).effect().accept(r.envelope(), r.payload());
            // Each event's writes go out, and its entities leave the persistence context, before the next: Hibernate
            // checks every managed entity at each flush (and a query flushes first), so a context holding a whole
            // batch's entities makes each event slower than the one before.
            em.flush();
            em.clear();
        }
        return applied;
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
        em.persist(processed(topic, envelope));
        em.flush(); // a concurrent duplicate fails here, before the effect runs
        handler.effect().accept(envelope, payload);
        return true;
    }

    private ProcessedEvent processed(String topic, EventEnvelope envelope) {
        ProcessedEvent processed = new ProcessedEvent();
        processed.eventId = envelope.eventId();
        processed.type = envelope.type();
        processed.topic = topic;
        processed.processedAt = clock.instant();
        return processed;
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
