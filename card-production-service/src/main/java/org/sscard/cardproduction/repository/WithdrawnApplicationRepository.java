package org.sscard.cardproduction.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.cardproduction.domain.WithdrawnApplication;

import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
public class WithdrawnApplicationRepository implements PanacheRepositoryBase<WithdrawnApplication, UUID> {
    /** Records the withdrawal once (a second one, replayed say, changes nothing). */
    public void record(UUID applicationId, Instant withdrawnAt, Instant now) {
        getEntityManager().createNativeQuery("insert into withdrawn_application (application_id, withdrawn_at, recorded_at) "
                        + "values (?1, ?2, ?3) on conflict do nothing")
                .setParameter(1, applicationId).setParameter(2, java.sql.Timestamp.from(withdrawnAt))
                .setParameter(3, java.sql.Timestamp.from(now)).executeUpdate();
    }

    /** Those of {@code applicationIds} that were withdrawn. */
    public java.util.Set<UUID> withdrawn(java.util.Collection<UUID> applicationIds) {
        return new java.util.HashSet<>(getEntityManager().createQuery("select w.applicationId from WithdrawnApplication w "
                + "where w.applicationId in :ids", UUID.class).setParameter("ids", applicationIds).getResultList());
    }

    public boolean isWithdrawn(UUID applicationId) {
        return findByIdOptional(applicationId).isPresent();
    }
}
