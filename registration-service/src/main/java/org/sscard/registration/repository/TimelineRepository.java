package org.sscard.registration.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.platform.persistence.DeferredRows;
import org.sscard.registration.domain.TimelineEntry;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class TimelineRepository implements PanacheRepository<TimelineEntry> {
    private final DeferredRows deferred;

    public TimelineRepository(DeferredRows deferred) {
        this.deferred = deferred;
    }

    /** Records a step: at once, or with the other rows of a consumer's batch (see {@link DeferredRows}). */
    public void record(TimelineEntry e) {
        deferred.insert(() -> persist(e), "timeline_entry",
                "application_id, event_id, event_type, producer, occurred_at, note",
                e.applicationId, e.eventId, e.eventType, e.producer, e.occurredAt, e.note);
    }

    public List<TimelineEntry> forApplication(UUID applicationId) {
        return list("applicationId", Sort.ascending("occurredAt", "id"), applicationId);
    }
}
