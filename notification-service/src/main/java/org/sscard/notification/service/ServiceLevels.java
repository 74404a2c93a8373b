package org.sscard.notification.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import org.hibernate.query.NativeQuery;
import org.jboss.logging.Logger;
import org.sscard.events.EventEnvelope;
import org.sscard.events.EventTypes;
import org.sscard.notification.config.ServiceLevelConfig;
import org.sscard.notification.domain.Issuance;
import org.sscard.platform.security.BlindIndex;
import org.sscard.platform.security.Caller;
import org.sscard.platform.security.Roles;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The issuance clock, kept from the events of all four services: a new card runs from ApplicationSubmitted, a
 * replacement from CardReplacementRequested, each until its CardReadyForCollection. SupplementRequested pauses the
 * clock and SupplementProvided moves the ETA and the due time on by the pause. A rejection or withdrawal ends it
 * with no card due. Each event is applied once (the consumer's deduplication), with the event's own time.
 */
@ApplicationScoped
@Transactional
public class ServiceLevels {
    private static final Logger LOG = Logger.getLogger(ServiceLevels.class);

    private final EntityManager em;
    private final ServiceLevelConfig config;
    private final Clock clock;
    private final MeterRegistry registry;
    private final BlindIndex index;
    private final Map<String, AtomicLong> overdue = new ConcurrentHashMap<>();

    public ServiceLevels(EntityManager em, ServiceLevelConfig config, Clock clock, MeterRegistry registry,
                         BlindIndex index) {
        this.em = em;
        this.config = config;
        this.clock = clock;
        this.registry = registry;
        this.index = index;
        for (String kind : List.of(Issuance.NEW_CARD, Issuance.REPLACEMENT)) {
            AtomicLong n = new AtomicLong();
            overdue.put(kind, n);
            Gauge.builder("sscard_issuance_overdue", n, AtomicLong::get).tag("kind", kind)
                    .description("Issuances past their service level and not yet ready for collection")
                    .register(registry);
        }
    }

    /** Moves the clock of the event's application, if the event is one that moves it. */
    public void track(EventEnvelope e) {
        UUID app;
        try {
            app = UUID.fromString(e.aggregateId());
        } catch (IllegalArgumentException notAnApplication) {
            return;
        }
        Instant at = e.occurredAt();
        switch (e.type()) {
            case EventTypes.APPLICATION_SUBMITTED -> startNewCard(app, e.eventId(), at);
            case EventTypes.CARD_REPLACEMENT_REQUESTED -> start(app, Issuance.REPLACEMENT,
                    text(e, "relatedCardNumber"), e.eventId(), at, config.replacementExpected(), config.replacementDue());
            case EventTypes.SUPPLEMENT_REQUESTED -> pause(app, at);
            case EventTypes.SUPPLEMENT_PROVIDED -> resume(app, at);
            case EventTypes.APPLICATION_REJECTED, EventTypes.APPLICATION_WITHDRAWN -> endWithoutCard(app, at);
            case EventTypes.CARD_READY_FOR_COLLECTION -> ready(app, text(e, "cardNumber"), at);
            default -> {
            }
        }
    }

    /**
     * A statement on the issuance table alone: Hibernate then flushes nothing else before it, so the event log rows
     * of a consumer's batch stay batched.
     */
    private Query statement(String sql) {
        return em.createNativeQuery(sql).unwrap(NativeQuery.class).addSynchronizedQuerySpace("issuance");
    }

    private static String text(EventEnvelope e, String field) {
        return e.payload() == null || !e.payload().hasNonNull(field) ? null : e.payload().get(field).asText();
    }

    private void start(UUID app, String kind, String cardNumber, UUID eventId, Instant at, Duration expected,
                       Duration due) {
        statement("insert into issuance (application_id, kind, card_number, started_event, started_at, "
                        + "expected_at, due_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7) on conflict (started_event) do nothing")
                .setParameter(1, app).setParameter(2, kind).setParameter(3, cardNumber).setParameter(4, eventId)
                .setParameter(5, Timestamp.from(at)).setParameter(6, Timestamp.from(at.plus(expected)))
                .setParameter(7, Timestamp.from(at.plus(due))).executeUpdate();
    }

    /**
     * A new card's clock, in one statement. Events of the application that were consumed before its submission
     * still count: each topic has its own consumer, and one can be behind another. A card already ready ends the clock
     * at once (met or missed by its own time), and a rejection or withdrawal ends it with no card due. Those events
     * came on other topics, so they were committed in earlier transactions: nothing of this one needs flushing first.
     */
    private void startNewCard(UUID app, UUID eventId, Instant at) {
        Instant due = at.plus(config.newCardDue());
        statement("insert into issuance (application_id, kind, started_event, started_at, expected_at, due_at, "
                        + "ended_at, outcome) select ?1, 'NEW_CARD', ?2, ?3, ?4, ?5, e.occurred_at, case "
                        + "when e.type is null then null when e.type <> 'CardReadyForCollection' then 'ENDED' "
                        + "when e.occurred_at <= cast(?5 as timestamptz) then 'MET' else 'MISSED' end "
                        + "from (values (1)) v left join lateral (select type, occurred_at from event_log "
                        + "where aggregate_id = ?6 and type in ('CardReadyForCollection', 'ApplicationRejected', "
                        + "'ApplicationWithdrawn') order by occurred_at limit 1) e on true "
                        + "on conflict (started_event) do nothing")
                .setParameter(1, app).setParameter(2, eventId).setParameter(3, Timestamp.from(at))
                .setParameter(4, Timestamp.from(at.plus(config.newCardExpected()))).setParameter(5, Timestamp.from(due))
                .setParameter(6, app.toString()).executeUpdate();
    }

    private void pause(UUID app, Instant at) {
        statement("update issuance set paused_at = ?2 where application_id = ?1 and kind = 'NEW_CARD' "
                        + "and ended_at is null and paused_at is null")
                .setParameter(1, app).setParameter(2, Timestamp.from(at)).executeUpdate();
    }

    private void resume(UUID app, Instant at) {
        statement("update issuance set expected_at = expected_at + greatest(cast(?2 as timestamptz) - paused_at, interval '0'), "
                        + "due_at = due_at + greatest(cast(?2 as timestamptz) - paused_at, interval '0'), paused_at = null "
                        + "where application_id = ?1 and ended_at is null and paused_at is not null")
                .setParameter(1, app).setParameter(2, Timestamp.from(at)).executeUpdate();
    }

    private void endWithoutCard(UUID app, Instant at) {
        statement("update issuance set ended_at = ?2, outcome = 'ENDED', paused_at = null "
                        + "where application_id = ?1 and kind = 'NEW_CARD' and ended_at is null")
                .setParameter(1, app).setParameter(2, Timestamp.from(at)).executeUpdate();
    }

    /** The card is ready: the oldest open issuance it answers is MET, or MISSED when past its due time. */
    @SuppressWarnings("unchecked")
    private void ready(UUID app, String cardNumber, Instant at) {
        List<Object[]> ended = statement("update issuance set ended_at = ?2, paused_at = null, "
                        + "outcome = case when cast(?2 as timestamptz) <= due_at then 'MET' else 'MISSED' end "
                        + "where id = (select id from issuance where application_id = ?1 and ended_at is null "
                        + "and (card_number is null or card_number = ?3) order by id limit 1) returning kind, outcome")
                .setParameter(1, app).setParameter(2, Timestamp.from(at)).setParameter(3, cardNumber).getResultList();
        for (Object[] r : ended) {
            registry.counter("sscard_issuances_completed_total", "kind", String.valueOf(r[0]),
                    "outcome", String.valueOf(r[1])).increment();
        }
    }

    /**
     * The issuances of an application, oldest first: for staff, for the employer that applied, and for an applicant
     * who holds the application (verified identity, as for messages); nobody else learns anything (an empty list).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Issuance> forApplication(UUID app, Caller caller) {
        if (!caller.isStaff() && !mayRead(app, caller)) {
            return List.of();
        }
        return em.createQuery("from Issuance where applicationId = :app order by startedAt, id", Issuance.class)
                .setParameter("app", app).getResultList();
    }

    private boolean mayRead(UUID app, Caller caller) {
        if (caller.is(Roles.APPLICANT)) {
            return caller.verifiedIdNumber().map(index::ofIdNumber).map(key -> !em.createNativeQuery(
                            "select 1 from application_holder where application_id = ?1 and holder_key = ?2")
                    .setParameter(1, app).setParameter(2, key).getResultList().isEmpty()).orElse(false);
        }
        return caller.is(Roles.EMPLOYER) && !em.createNativeQuery(
                        "select 1 from application_contact where application_id = ?1 and employer_id = ?2")
                .setParameter(1, app).setParameter(2, caller.subject()).getResultList().isEmpty();
    }

    /** Open issuances past their due time and not waiting for the applicant, most overdue first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Issuance> overdue(int size) {
        return em.createQuery("from Issuance where endedAt is null and pausedAt is null and dueAt < :now order by dueAt",
                        Issuance.class).setParameter("now", clock.instant()).setMaxResults(size).getResultList();
    }

    /** Counts the overdue issuances of each kind for the gauge (a scrape never queries the database). */
    @Scheduled(every = "${sscard.service-levels.gauge-every:30s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void countOverdue() {
        try {
            Map<String, Long> counts = new HashMap<>();
            for (Object[] r : em.createQuery("select kind, count(*) from Issuance where endedAt is null "
                    + "and pausedAt is null and dueAt < :now group by kind", Object[].class)
                    .setParameter("now", clock.instant()).getResultList()) {
                counts.put((String) r[0], (Long) r[1]);
            }
            overdue.forEach((kind, n) -> n.set(counts.getOrDefault(kind, 0L)));
        } catch (RuntimeException e) {
            LOG.debugf("Overdue issuances not counted this time: %s", e.getClass().getSimpleName());
        }
    }
}
