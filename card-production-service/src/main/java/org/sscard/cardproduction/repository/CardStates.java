package org.sscard.cardproduction.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.sscard.platform.persistence.SqlValues;
import org.sscard.platform.reconciliation.ApplicationState;
import org.sscard.platform.reconciliation.StateFeed;
import org.sscard.platform.security.BlindIndex;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Card production's side of the reconciliation: the status of each application's newest card, and its number's blind index. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class CardStates implements StateFeed {
    private final EntityManager em;
    private final BlindIndex index;

    public CardStates(EntityManager em, BlindIndex index) {
        this.em = em;
        this.index = index;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<ApplicationState> states(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = em.createNativeQuery("select distinct on (application_id) application_id, status, "
                        + "card_number, updated_at from card where application_id in (:ids) "
                        + "order by application_id, created_at desc")
                .setParameter("ids", ids).getResultList();
        return rows.stream().map(r -> new ApplicationState((UUID) r[0], (String) r[1], index.ofCardNumber((String) r[2]),
                SqlValues.instant(r[3]))).toList();
    }
}
