package org.sscard.notification.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.notification.domain.EventLogEntry;
import org.sscard.platform.persistence.DeferredRows;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class EventLogRepository implements PanacheRepositoryBase<EventLogEntry, UUID> {
    private final DeferredRows deferred;

    public EventLogRepository(DeferredRows deferred) {
        this.deferred = deferred;
    }

    /** Logs an event: at once, or with the other rows of a consumer's batch (see {@link DeferredRows}). */
    public void record(EventLogEntry e) {
        deferred.insert(() -> persist(e), "event_log",
                "event_id, type, topic, aggregate_id, producer, occurred_at, received_at",
                e.eventId, e.type, e.topic, e.aggregateId, e.producer, e.occurredAt, e.receivedAt);
    }

    public List<EventLogEntry> recent(String aggregateId, int size) {
        if (aggregateId != null) {
            return list("aggregateId", Sort.ascending("occurredAt", "receivedAt"), aggregateId);
        }
        return findAll(Sort.descending("receivedAt")).page(Page.ofSize(size)).list();
    }
}
