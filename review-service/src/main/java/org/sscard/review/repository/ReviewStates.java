package org.sscard.review.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.sscard.platform.persistence.SqlValues;
import org.sscard.platform.reconciliation.ApplicationState;
import org.sscard.platform.reconciliation.StateFeed;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Review's side of the reconciliation: each application's case, its status and outcome. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ReviewStates implements StateFeed {
    private final EntityManager em;

    public ReviewStates(EntityManager em) {
        this.em = em;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<ApplicationState> states(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = em.createNativeQuery("select application_id, status, outcome, "
                + "coalesce(decided_at, submitted_at) from review_task where application_id in (:ids)")
                .setParameter("ids", ids).getResultList();
        return rows.stream().map(r -> new ApplicationState((UUID) r[0], (String) r[1], (String) r[2],
                SqlValues.instant(r[3]))).toList();
    }
}
