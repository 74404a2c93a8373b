package org.sscard.platform.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.sscard.platform.audit.OperationsAudit;
import org.sscard.platform.persistence.SqlValues;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What operations staff see of the outbox, and the retry of a parked row (see {@link OutboxRelay}). */
@ApplicationScoped
@Transactional
public class OutboxOperations {
    /** An outbox row set aside after Kafka refused it, and how many aggregates wait behind it. */
    public record ParkedRow(UUID id, long seq, String topic, String type, String aggregateId, int events, int attempts,
                            String lastError, Instant createdAt, Instant parkedAt, int heldAggregates) {
    }

    /** The events waiting to be sent, the age of the oldest, and the parked rows. */
    public record Status(long pendingEvents, Instant oldestPendingSince, List<ParkedRow> parked) {
    }

    /** A parked row and how many applications wait behind it, as {@link #parked(Object[])} reads it. */
    private static final String PARKED = "select o.id, o.seq, o.topic, o.type, o.aggregate_id, coalesce(o.batch_size, 1), "
            + "o.attempts, o.last_error, o.created_at, o.parked_at, "
            + "(select count(*) from outbox_held_aggregate h where h.outbox_id = o.id) "
            + "from outbox_event o where o.parked_at is not null ";

    private final EntityManager em;
    private final OperationsAudit audit;

    public OutboxOperations(EntityManager em, OperationsAudit audit) {
        this.em = em;
        this.audit = audit;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Status status() {
        Object[] pending = (Object[]) em.createNativeQuery("select coalesce(sum(coalesce(batch_size, 1)), 0), "
                + "min(created_at) from outbox_event where parked_at is null").getSingleResult();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(PARKED + "order by o.seq limit 1000").getResultList();
        return new Status(((Number) pending[0]).longValue(), SqlValues.instant(pending[1]),
                rows.stream().map(OutboxOperations::parked).toList());
    }

    /**
     * Puts a parked row back in line: its refusals are forgotten and the aggregates it held are released (their later
     * events still go after it: the relay sends an aggregate's events in order). Empty when no such row is parked.
     */
    public Optional<ParkedRow> retry(UUID id, String actor, String reason) {
        Optional<ParkedRow> row = parked(id);
        if (row.isEmpty()) {
            return row;
        }
        em.createNativeQuery("update outbox_event set parked_at = null, attempts = 0 where id = ?1")
                .setParameter(1, id).executeUpdate();
        em.createNativeQuery("delete from outbox_held_aggregate where outbox_id = ?1").setParameter(1, id).executeUpdate();
        audit.record(actor, "OUTBOX_RETRY", "outbox:" + id, (reason == null ? "" : reason + "; ") + "was "
                + row.get().type() + " on " + row.get().topic() + ", " + row.get().attempts() + " refusals: "
                + row.get().lastError());
        return row;
    }

    private Optional<ParkedRow> parked(UUID id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(PARKED + "and o.id = ?1 for update of o").setParameter(1, id)
                .getResultList();
        return rows.stream().findFirst().map(OutboxOperations::parked);
    }

    private static ParkedRow parked(Object[] r) {
        return new ParkedRow((UUID) r[0], ((Number) r[1]).longValue(), (String) r[2], (String) r[3], (String) r[4],
                ((Number) r[5]).intValue(), ((Number) r[6]).intValue(), (String) r[7], SqlValues.instant(r[8]),
                SqlValues.instant(r[9]), ((Number) r[10]).intValue());
    }
}
