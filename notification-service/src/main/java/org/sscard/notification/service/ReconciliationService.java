package org.sscard.notification.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import org.sscard.notification.config.ReconciliationConfig;
import org.sscard.notification.domain.Reconciliation;
import org.sscard.platform.problem.DomainException;
import org.sscard.platform.reconciliation.ApplicationState;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Compares each application's state across the four services: registration lists the applications under way and
 * those that changed within {@code sscard.reconciliation.window}; review, card production and notification's own
 * messages are asked about them a page at a time ({@link Reconciliation} says what agrees). The job runs every
 * {@code sscard.reconciliation.every}; operations run it at will. The last report is kept, with its divergences and
 * their ages, and in the metrics {@code sscard_reconciliation_divergences} and
 * {@code sscard_reconciliation_oldest_divergence_seconds}.
 */
@ApplicationScoped
public class ReconciliationService {
    private static final Logger LOG = Logger.getLogger(ReconciliationService.class);

    /** A reconciliation run: when, how many applications it compared, what diverges, and what it could not read. */
    public record Report(Instant ranAt, long compared, List<Reconciliation.Divergence> divergences, List<String> errors) {
    }

    private final PeerStates peers;
    private final EntityManager em;
    private final ReconciliationConfig config;
    private final Clock clock;
    private final MeterRegistry registry;
    private final AtomicReference<Report> last = new AtomicReference<>(new Report(null, 0, List.of(), List.of()));
    private final AtomicLong divergences = new AtomicLong();
    private final AtomicLong oldest = new AtomicLong();
    /** One run at a time: a run asked for while another goes waits for it (a minute at most). */
    private final ReentrantLock running = new ReentrantLock();

    public ReconciliationService(PeerStates peers, EntityManager em, ReconciliationConfig config, Clock clock,
                                 MeterRegistry registry) {
        this.peers = peers;
        this.em = em;
        this.config = config;
        this.clock = clock;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        Gauge.builder("sscard_reconciliation_divergences", divergences, AtomicLong::get)
                .description("Applications on which the services disagree for longer than the grace period").register(registry);
        Gauge.builder("sscard_reconciliation_oldest_divergence_seconds", oldest, AtomicLong::get)
                .description("Age of the oldest divergence").register(registry);
    }

    @Scheduled(every = "${sscard.reconciliation.every:5m}", delayed = "${sscard.reconciliation.delay:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        Report r;
        try {
            r = run();
        } catch (RuntimeException e) {
            LOG.warnf("Reconciliation failed, will run again: %s", e.getClass().getSimpleName());
            return;
        }
        if (!r.errors().isEmpty()) {
            LOG.warnf("Reconciliation incomplete: %s", r.errors());
        } else if (!r.divergences().isEmpty()) {
            LOG.warnf("Reconciliation: %d divergences across services, the oldest %d s", r.divergences().size(),
                    r.divergences().get(0).ageSeconds());
        }
    }

    public Report last() {
        return last.get();
    }

    /**
     * Compares every application in scope now. When review or card production cannot be read, the rules that need
     * them are left out and the report names the service; when registration (or this service's database) cannot,
     * the report says so and keeps the divergences of the last run.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Report run() {
        try {
            if (!running.tryLock(60, TimeUnit.SECONDS)) {
                throw DomainException.conflict("RECONCILIATION_RUNNING", "A reconciliation has been running for a "
                        + "minute; GET its report once it is done");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DomainException.unavailable("INTERRUPTED", "Interrupted; try again");
        }
        try {
            return compareAll();
        } finally {
            running.unlock();
        }
    }

    private Report compareAll() {
        Instant now = clock.instant();
        Instant since = now.minus(config.window());
        List<Reconciliation.Divergence> found = new ArrayList<>();
        Set<String> unread = new TreeSet<>();
        long compared = 0;
        try {
            // the applications under way, then the settled ones that changed within the window
            for (List<ApplicationState> page = peers.underWay(null, config.pageSize()); !page.isEmpty();
                 page = peers.underWay(last(page).applicationId(), config.pageSize())) {
                compared += compare(page, now, found, unread);
            }
            for (List<ApplicationState> page = peers.settledSince(since, null, config.pageSize()); !page.isEmpty();
                 page = peers.settledSince(since, last(page), config.pageSize())) {
                compared += compare(page, now, found, unread);
            }
        } catch (PeerStates.Unavailable | PersistenceException e) {
            registry.counter("sscard_reconciliation_runs_incomplete_total").increment();
            Report previous = last.get();
            Report incomplete = new Report(now, compared, previous.divergences(), List.of(e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()));
            last.set(incomplete);
            return incomplete;
        }
        found.sort(Comparator.comparingLong(Reconciliation.Divergence::ageSeconds).reversed());
        Report report = new Report(now, compared, List.copyOf(found), List.copyOf(unread));
        if (!unread.isEmpty()) {
            registry.counter("sscard_reconciliation_runs_incomplete_total").increment();
        }
        last.set(report);
        divergences.set(found.stream().map(Reconciliation.Divergence::applicationId).distinct().count());
        oldest.set(found.isEmpty() ? 0 : found.get(0).ageSeconds());
        return report;
    }

    /** Compares one page of registration's applications with the other services; returns how many it compared. */
    private int compare(List<ApplicationState> page, Instant now, List<Reconciliation.Divergence> found,
                        Set<String> unread) {
        List<UUID> ids = page.stream().map(ApplicationState::applicationId).toList();
        Map<UUID, ApplicationState> reviews = read(() -> peers.review(ids), unread);
        Map<UUID, ApplicationState> cards = read(() -> peers.cards(ids), unread);
        Map<UUID, Set<String>> messages = messages(ids);
        for (ApplicationState registration : page) {
            UUID id = registration.applicationId();
            found.addAll(Reconciliation.divergences(registration, new Reconciliation.Peers(reviews != null,
                            reviews == null ? null : reviews.get(id), cards != null, cards == null ? null : cards.get(id)),
                    messages.getOrDefault(id, Set.of()), now, config.grace()));
        }
        return page.size();
    }

    private static ApplicationState last(List<ApplicationState> page) {
        return page.get(page.size() - 1);
    }

    /**
     * A peer's states by application, or null when the peer could not be read (the report names it, and the rules
     * that need it are left out: the others still run).
     */
    private static Map<UUID, ApplicationState> read(Supplier<List<ApplicationState>> peer,
                                                    Set<String> unread) {
        try {
            return peer.get().stream().collect(Collectors.toMap(ApplicationState::applicationId, Function.identity(),
                    (a, b) -> a));
        } catch (PeerStates.Unavailable e) {
            unread.add(e.getMessage());
            return null;
        }
    }

    /** The types of the messages each application's holders were sent (one in-app message per step). */
    private Map<UUID, Set<String>> messages(List<UUID> ids) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select application_id, event_type from notification "
                + "where channel = 'IN_APP' and application_id in (:ids)").setParameter("ids", ids).getResultList();
        Map<UUID, Set<String>> out = new HashMap<>();
        rows.forEach(r -> out.computeIfAbsent((UUID) r[0], k -> new HashSet<>()).add((String) r[1]));
        return out;
    }
}
