package org.sscard.notification.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.notification.domain.EventLogEntry;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class EventLogRepository implements PanacheRepositoryBase<EventLogEntry, UUID> {
    public List<EventLogEntry> recent(String aggregateId, int size) {
        if (aggregateId != null) {
            return list("aggregateId", Sort.ascending("occurredAt", "receivedAt"), aggregateId);
        }
        return findAll(Sort.descending("receivedAt")).page(Page.ofSize(size)).list();
    }
}
