package org.sscard.notification.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sscard.notification.domain.DeadLetter;
import org.sscard.notification.repository.DeadLetterRepository;
import org.sscard.platform.persistence.SqlValues;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the operations dashboard shows, computed from the event log and the dead-letter table. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class DashboardService {
    /** First time each application reached each stage, and the stage it is in now. */
    private static final String STAGES = """
            with t as (
              select aggregate_id,
                     min(occurred_at) filter (where type = 'ApplicationSubmitted') as submitted,
                     min(occurred_at) filter (where type = 'ApplicationApproved') as approved,
                     min(occurred_at) filter (where type = 'ApplicationRejected') as rejected,
                     min(occurred_at) filter (where type = 'CardProductionStarted') as production,
                     min(occurred_at) filter (where type = 'CardReadyForCollection') as ready,
                     min(occurred_at) filter (where type = 'CardCollected') as collected,
                     min(occurred_at) filter (where type = 'ApplicationWithdrawn') as withdrawn,
                     max(occurred_at) as last_step
              from event_log group by aggregate_id)
            select aggregate_id, submitted, approved, rejected, production, ready, collected, last_step,
                   case when withdrawn is not null then 'WITHDRAWN'
                        when collected is not null then 'COLLECTED'
                        when ready is not null then 'READY_FOR_COLLECTION'
                        when production is not null then 'IN_PRODUCTION'
                        when rejected is not null then 'REJECTED'
                        when approved is not null then 'APPROVED'
                        else 'IN_REVIEW' end as stage
            from t
            """;

    private final EntityManager em;
    private final DeadLetterRepository deadLetters;
    private final Clock clock;
    private final Duration stuckAfter;

    public DashboardService(EntityManager em, DeadLetterRepository deadLetters, Clock clock,
                            @ConfigProperty(name = "sscard.dashboard.stuck-after", defaultValue = "24h") Duration stuckAfter) {
        this.em = em;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.stuckAfter = stuckAfter;
    }

    public DashboardFigures.Stats stats() {
        Instant now = clock.instant();
        Instant dayAgo = now.minus(Duration.ofHours(24));
        List<DashboardFigures.Count> byType = rows("select type, count(*) from event_log where occurred_at > :since "
                + "group by type order by count(*) desc", dayAgo).stream()
                .map(r -> new DashboardFigures.Count(String.valueOf(r[0]), ((Number) r[1]).longValue())).toList();
        List<DashboardFigures.Count> byHour = rows("select to_char(date_trunc('hour', occurred_at at time zone 'UTC'), "
                + "'YYYY-MM-DD\"T\"HH24:00Z'), count(*) from event_log where occurred_at > :since group by 1 order by 1", dayAgo)
                .stream().map(r -> new DashboardFigures.Count(String.valueOf(r[0]), ((Number) r[1]).longValue())).toList();
        return new DashboardFigures.Stats(byType, byHour, funnel(), stuck(now));
    }

    private List<DashboardFigures.Stage> funnel() {
        Object[] r = (Object[]) em.createNativeQuery("""
                with s as (%s)
                select count(submitted), count(approved), count(production), count(ready), count(collected),
                       count(*) filter (where stage = 'IN_REVIEW'), count(*) filter (where stage = 'APPROVED'),
                       count(*) filter (where stage = 'IN_PRODUCTION'), count(*) filter (where stage = 'READY_FOR_COLLECTION'),
                       count(*) filter (where stage = 'COLLECTED'),
                       percentile_cont(0.5) within group (order by extract(epoch from approved - submitted)),
                       percentile_cont(0.95) within group (order by extract(epoch from approved - submitted)),
                       percentile_cont(0.5) within group (order by extract(epoch from production - approved)),
                       percentile_cont(0.95) within group (order by extract(epoch from production - approved)),
                       percentile_cont(0.5) within group (order by extract(epoch from ready - production)),
                       percentile_cont(0.95) within group (order by extract(epoch from ready - production)),
                       percentile_cont(0.5) within group (order by extract(epoch from collected - ready)),
                       percentile_cont(0.95) within group (order by extract(epoch from collected - ready))
                from s
                """.formatted(STAGES)).getSingleResult();
        List<DashboardFigures.Stage> stages = new ArrayList<>();
        stages.add(new DashboardFigures.Stage("SUBMITTED", n(r[0]), n(r[5]), null, null));
        stages.add(new DashboardFigures.Stage("APPROVED", n(r[1]), n(r[6]), d(r[10]), d(r[11])));
        stages.add(new DashboardFigures.Stage("IN_PRODUCTION", n(r[2]), n(r[7]), d(r[12]), d(r[13])));
        stages.add(new DashboardFigures.Stage("READY_FOR_COLLECTION", n(r[3]), n(r[8]), d(r[14]), d(r[15])));
        stages.add(new DashboardFigures.Stage("COLLECTED", n(r[4]), n(r[9]), d(r[16]), d(r[17])));
        return stages;
    }

    private List<DashboardFigures.Stuck> stuck(Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select aggregate_id, stage, last_step from (" + STAGES + ") s "
                        + "where stage not in ('COLLECTED', 'REJECTED', 'WITHDRAWN') and last_step < :cutoff order by last_step limit 100")
                .setParameter("cutoff", Timestamp.from(now.minus(stuckAfter))).getResultList();
        return rows.stream().map(r -> new DashboardFigures.Stuck(String.valueOf(r[0]), String.valueOf(r[1]),
                SqlValues.instant(r[2]), Duration.between(SqlValues.instant(r[2]), now).toSeconds())).toList();
    }

    public List<DeadLetter> deadLetters(int size) {
        return deadLetters.recent(size);
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql, Instant since) {
        return em.createNativeQuery(sql).setParameter("since", Timestamp.from(since)).getResultList();
    }

    private static long n(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    private static Double d(Object o) {
        return o == null ? null : ((Number) o).doubleValue();
    }

}
