package org.sscard.notification.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.notification.domain.ApplicationContact;

import java.util.UUID;

@ApplicationScoped
public class ContactRepository implements PanacheRepositoryBase<ApplicationContact, UUID> {
}
