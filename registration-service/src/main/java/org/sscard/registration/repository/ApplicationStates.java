package org.sscard.registration.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.sscard.platform.persistence.SqlValues;
import org.sscard.platform.reconciliation.ApplicationState;
import org.sscard.platform.reconciliation.StateFeed;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Registration's side of the reconciliation: each application's status (and card number), and which to compare. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ApplicationStates implements StateFeed {
    /** Below every id as PostgreSQL orders uuids (bytewise, unsigned; Java's UUID.compareTo is signed). */
    private static final UUID FIRST = new UUID(0, 0);
    /** Applications under way: compared whatever their age. */
    private static final String UNDER_WAY = "('SUBMITTED', 'UNDER_REVIEW', 'SUPPLEMENT_REQUESTED', 'APPROVED', "
            + "'IN_PRODUCTION', 'PRODUCTION_FAILED', 'READY_FOR_COLLECTION')";

    private final EntityManager em;

    public ApplicationStates(EntityManager em) {
        this.em = em;
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
    public List<ApplicationState> toCompare(Instant since, UUID after, int limit) {
        return rows(em.createNativeQuery("select id, status, card_number, updated_at from application "
                        + "where id > :after and status <> 'DRAFT' and (updated_at >= :since or status in " + UNDER_WAY + ") "
                        + "order by id limit :n")
                .setParameter("after", after == null ? FIRST : after).setParameter("since", java.sql.Timestamp.from(since))
                .setParameter("n", limit).getResultList());
    }

    @SuppressWarnings("unchecked")
    private static List<ApplicationState> rows(List<?> rows) {
        return ((List<Object[]>) rows).stream().map(r -> new ApplicationState((UUID) r[0], (String) r[1], (String) r[2],
                SqlValues.instant(r[3]))).toList();
    }
}
