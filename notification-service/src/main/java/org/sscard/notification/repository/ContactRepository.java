package org.sscard.notification.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.notification.domain.ApplicationContact;
import org.sscard.platform.persistence.DeferredRows;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ContactRepository implements PanacheRepositoryBase<ApplicationContact, UUID> {
    private final DeferredRows deferred;

    public ContactRepository(DeferredRows deferred) {
        this.deferred = deferred;
    }

    /** Records who holds an application (blind indexes of ID numbers); a key already there is kept once. */
    public void addHolders(UUID applicationId, List<String> holderKeys) {
        if (deferred.deferring()) {
            holderKeys.forEach(key -> deferred.deferUnlessPresent("application_holder", "holder_key, application_id",
                    key, applicationId));
            return;
        }
        for (String key : holderKeys) {
            getEntityManager().createNativeQuery("insert into application_holder (holder_key, application_id) "
                    + "values (?1, ?2) on conflict do nothing").setParameter(1, key).setParameter(2, applicationId)
                    .executeUpdate();
        }
    }
}
