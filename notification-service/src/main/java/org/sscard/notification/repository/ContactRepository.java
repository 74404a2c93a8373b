package org.sscard.notification.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.notification.domain.ApplicationContact;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ContactRepository implements PanacheRepositoryBase<ApplicationContact, UUID> {
    /** Records who holds an application (blind indexes of ID numbers); a key already there is kept once. */
    public void addHolders(UUID applicationId, List<String> holderKeys) {
        for (String key : holderKeys) {
            getEntityManager().createNativeQuery("insert into application_holder (holder_key, application_id) "
                    + "values (?1, ?2) on conflict do nothing").setParameter(1, key).setParameter(2, applicationId)
                    .executeUpdate();
        }
    }
}
