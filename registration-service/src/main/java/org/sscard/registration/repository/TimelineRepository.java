package org.sscard.registration.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.registration.domain.TimelineEntry;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class TimelineRepository implements PanacheRepository<TimelineEntry> {
    public List<TimelineEntry> forApplication(UUID applicationId) {
        return list("applicationId", Sort.ascending("occurredAt", "id"), applicationId);
    }
}
