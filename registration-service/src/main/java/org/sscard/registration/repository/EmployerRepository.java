package org.sscard.registration.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.registration.domain.Employer;

@ApplicationScoped
public class EmployerRepository implements PanacheRepositoryBase<Employer, String> {
}
