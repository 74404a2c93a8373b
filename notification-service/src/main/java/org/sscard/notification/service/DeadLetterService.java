package org.sscard.notification.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import org.sscard.notification.domain.DeadLetter;
import org.sscard.notification.messaging.DeadLetterTopics;
import org.sscard.notification.repository.DeadLetterRepository;
import org.sscard.platform.audit.OperationsAudit;
import org.sscard.platform.problem.DomainException;
import org.sscard.platform.reliability.Failures;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Working through dead letters: replay one, or every open one of a topic or cause, to the original topic; or discard
 * one with a reason. Every action is audited ({@link OperationsAudit}, target {@code dead-letter:<id>}).
 */
@ApplicationScoped
@Transactional
public class DeadLetterService {
    private static final Logger LOG = Logger.getLogger(DeadLetterService.class);
    /** Dead letters one bulk replay takes at most; call again for more. */
    public static final int BULK_LIMIT = 1000;

    /** What a bulk replay did. */
    public record BulkReplay(int replayed, int skipped, List<String> failures, long stillOpen) {
    }

    private final DeadLetterRepository deadLetters;
    private final DeadLetterTopics topics;
    private final OperationsAudit audit;
    private final Clock clock;
    private final MeterRegistry registry;
    private final AtomicLong open = new AtomicLong();

    public DeadLetterService(DeadLetterRepository deadLetters, DeadLetterTopics topics, OperationsAudit audit, Clock clock,
                             MeterRegistry registry) {
        this.deadLetters = deadLetters;
        this.topics = topics;
        this.audit = audit;
        this.clock = clock;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        Gauge.builder("sscard_dead_letters_open", open, AtomicLong::get)
                .description("Dead letters of every service not yet replayed or discarded").register(registry);
    }

    @Scheduled(every = "15s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional(Transactional.TxType.SUPPORTS)
    void countOpen() {
        try {
            open.set(deadLetters.countOpen());
        } catch (RuntimeException e) {
            LOG.debugf("Open dead letters not counted: %s", e.getClass().getSimpleName());
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DeadLetter> search(DeadLetterRepository.Filter filter, int size) {
        return deadLetters.search(filter, size);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public DeadLetter get(long id) {
        return deadLetters.findByIdOptional(id).orElseThrow(() -> DomainException.notFound("Dead letter " + id));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<OperationsAudit.Entry> actions(long id) {
        get(id);
        return audit.of(target(id));
    }

    /**
     * Sends the dead letter back to its original topic, with its key, value (and so its event id) and headers; the
     * consumers that handled the event skip it, the one that failed handles it now.
     */
    public DeadLetter replay(long id, String actor, String note) {
        DeadLetter d = locked(id);
        d.requireOpen();
        if (d.originalTopic == null || d.originalTopic.isBlank()) {
            throw DomainException.breaksRule("ORIGINAL_TOPIC_UNKNOWN",
                    "The dead letter does not name the topic it came from; discard it instead");
        }
        DeadLetterTopics.Held held = topics.read(d.topic, d.partition, d.offset).orElseThrow(() -> DomainException.gone("DEAD_LETTER_EXPIRED", "The dead-letter topic no longer holds this message (past its retention); "
                + "discard it"));
        String from = d.topic + "/" + d.partition + "/" + d.offset;
        topics.republish(d.originalTopic, held, from);
        d.replayed(actor, "to " + d.originalTopic + (note == null || note.isBlank() ? "" : "; " + note), clock.instant());
        audit.record(actor, "DEAD_LETTER_REPLAY", target(id), "from " + from + " to " + d.originalTopic + ", event "
                + d.eventId + " (" + d.eventType + ", " + d.cause + ")" + (note == null ? "" : "; " + note));
        registry.counter("sscard_dead_letters_resolved_total", "action", "REPLAY").increment();
        return d;
    }

    /** Sets the dead letter aside for good; the reason is required and audited. */
    public DeadLetter discard(long id, String actor, String reason) {
        DeadLetter d = locked(id);
        d.discard(actor, reason, clock.instant());
        audit.record(actor, "DEAD_LETTER_DISCARD", target(id), "event " + d.eventId + " (" + d.eventType + ", "
                + d.cause + "): " + reason);
        registry.counter("sscard_dead_letters_resolved_total", "action", "DISCARD").increment();
        return d;
    }

    /**
     * Replays the open dead letters of {@code filter} (at most {@link #BULK_LIMIT}), oldest first, each in a
     * transaction of its own. Stops at the first that meets unavailable infrastructure (the rest stay open, to be
     * replayed again); one that cannot be replayed for its own reason (expired, no original topic) is counted and
     * skipped.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public BulkReplay replayAll(DeadLetterRepository.Filter filter, String actor, String note) {
        List<Long> ids = QuarkusTransaction.requiringNew().call(() -> deadLetters.openIds(filter, BULK_LIMIT));
        int replayed = 0;
        List<String> failures = new ArrayList<>();
        for (Long id : ids) {
            try {
                QuarkusTransaction.requiringNew().run(() -> replay(id, actor, note));
                replayed++;
            } catch (DomainException | DeadLetter.AlreadyResolved e) {
                failures.add(id + ": " + e.getMessage());
            } catch (RuntimeException e) {
                if (Failures.unavailable(e).isPresent()) {
                    throw e; // the caller gets 503 and replays the rest later; those done stay done
                }
                failures.add(id + ": " + e.getClass().getSimpleName());
            }
        }
        long stillOpen = QuarkusTransaction.requiringNew().call(() -> deadLetters.countOpen(filter));
        return new BulkReplay(replayed, ids.size() - replayed, failures, stillOpen);
    }

    /** The dead letter, locked until the end of the transaction; 404 when there is none. */
    private DeadLetter locked(long id) {
        return deadLetters.locked(id).orElseThrow(() -> DomainException.notFound("Dead letter " + id));
    }

    private static String target(long id) {
        return "dead-letter:" + id;
    }
}
