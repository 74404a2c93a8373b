package org.sscard.notification.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.notification.domain.Notification;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class NotificationRepository implements PanacheRepositoryBase<Notification, UUID> {
    /** The in-app messages of the applications whose holders include {@code holderKey} (a blind index). */
    @SuppressWarnings("unchecked")
    public List<Notification> forHolder(String holderKey, UUID applicationId, int size) {
        var q = getEntityManager().createNativeQuery("select n.* from notification n join application_holder h "
                        + "on h.application_id = n.application_id where h.holder_key = ?1 and n.channel = 'IN_APP'"
                        + (applicationId == null ? "" : " and n.application_id = ?3")
                        + " order by n.occurred_at, n.created_at limit ?2", Notification.class)
                .setParameter(1, holderKey).setParameter(2, size);
        if (applicationId != null) {
            q.setParameter(3, applicationId);
        }
        return q.getResultList();
    }

    public List<Notification> search(String recipientId, UUID applicationId, int size) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (recipientId != null) {
            q.append(" and recipientId = :recipient");
            p.and("recipient", recipientId);
        }
        if (applicationId != null) {
            q.append(" and applicationId = :app");
            p.and("app", applicationId);
        }
        return find(q.toString(), Sort.ascending("occurredAt", "createdAt"), p).page(Page.ofSize(size)).list();
    }
}
