package org.sscard.notification.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.notification.domain.TemplateVersion;

import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class TemplateRepository implements PanacheRepository<TemplateVersion> {
    public Optional<TemplateVersion> active(String eventType, String language) {
        return find("eventType = ?1 and language = ?2 and active = true", eventType, language).firstResultOptional();
    }

    public int latestVersion(String eventType, String language) {
        return find("eventType = ?1 and language = ?2", Sort.descending("version"), eventType, language)
                .firstResultOptional().map(t -> t.version).orElse(0);
    }

    public List<TemplateVersion> all(String eventType) {
        return eventType == null ? listAll(Sort.ascending("eventType", "language", "version"))
                : list("eventType", Sort.ascending("language", "version"), eventType);
    }
}
