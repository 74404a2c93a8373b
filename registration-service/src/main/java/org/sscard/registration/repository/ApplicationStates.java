package org.sscard.registration.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.sscard.platform.persistence.SqlValues;
import org.sscard.platform.reconciliation.ApplicationState;
import org.sscard.platform.reconciliation.StateFeed;
import org.sscard.platform.security.BlindIndex;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Registration's side of the reconciliation: each application's status (and its card, as a blind index), and which
 * to compare. Each list pages through an index of its own (V8__reconciliation_indexes.sql), so a run reads what it
 * compares and not the whole table; the status lists here are those of the indexes' predicates.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ApplicationStates implements StateFeed {
    /** Below every id as PostgreSQL orders uuids (bytewise, unsigned; Java's UUID.compareTo is signed). */
    private static final UUID FIRST = new UUID(0, 0);
    private static final String UNDER_WAY = "('SUBMITTED', 'UNDER_REVIEW', 'SUPPLEMENT_REQUESTED', 'APPROVED', "
            + "'IN_PRODUCTION', 'PRODUCTION_FAILED', 'READY_FOR_COLLECTION')";
    private static final String SETTLED = "('REJECTED', 'COLLECTED', 'WITHDRAWN', 'CARD_CANCELLED')";

    private final EntityManager em;
    private final BlindIndex index;

    public ApplicationStates(EntityManager em, BlindIndex index) {
        this.em = em;
        this.index = index;
    }

    @Override
    public List<ApplicationState> states(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return rows(em.createNativeQuery("select id, status, card_number, updated_at from application where id in (:ids)")
                .setParameter("ids", ids).getResultList());
    }

    @Override
    public List<ApplicationState> underWay(UUID after, int limit) {
        return rows(em.createNativeQuery("select id, status, card_number, updated_at from application "
                        + "where status in " + UNDER_WAY + " and id > :after order by id limit :n")
                .setParameter("after", after == null ? FIRST : after).setParameter("n", limit).getResultList());
    }

    @Override
    public List<ApplicationState> settledSince(Instant since, Instant afterAt, UUID after, int limit) {
        Instant from = afterAt == null ? since : afterAt;
        return rows(em.createNativeQuery("select id, status, card_number, updated_at from application "
                        + "where status in " + SETTLED + " and updated_at >= :since and (updated_at, id) > (:at, :after) "
                        + "order by updated_at, id limit :n")
                .setParameter("since", Timestamp.from(since)).setParameter("at", Timestamp.from(from))
                .setParameter("after", afterAt == null ? FIRST : after).setParameter("n", limit).getResultList());
    }

    @SuppressWarnings("unchecked")
    private List<ApplicationState> rows(List<?> rows) {
        return ((List<Object[]>) rows).stream().map(r -> new ApplicationState((UUID) r[0], (String) r[1],
                index.ofCardNumber((String) r[2]), SqlValues.instant(r[3]))).toList();
    }
}
