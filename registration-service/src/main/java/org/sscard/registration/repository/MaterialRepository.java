package org.sscard.registration.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.events.MaterialKind;
import org.sscard.registration.domain.Material;
import org.sscard.registration.domain.MaterialContent;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class MaterialRepository implements PanacheRepositoryBase<Material, UUID> {

    public List<Material> forApplication(UUID applicationId) {
        return list("applicationId = ?1 order by kind", applicationId);
    }

    public Optional<Material> find(UUID applicationId, MaterialKind kind) {
        return find("applicationId = ?1 and kind = ?2", applicationId, kind).firstResultOptional();
    }

    public Optional<MaterialContent> content(UUID materialId) {
        return Optional.ofNullable(getEntityManager().find(MaterialContent.class, materialId));
    }

    public void persistContent(MaterialContent content) {
        getEntityManager().persist(content);
    }
}
