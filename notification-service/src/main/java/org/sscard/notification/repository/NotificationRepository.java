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
