package org.sscard.registration.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.registration.domain.Application;
import org.sscard.registration.domain.ApplicationStatus;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ApplicationRepository implements PanacheRepositoryBase<Application, UUID> {

    /**
     * The application that blocks a new one for this person (by the blind index of the ID number): any not rejected
     * or withdrawn.
     */
    public Optional<Application> findOpenForIdNumber(String idNumberIndex) {
        return find("idNumberIndex = ?1 and status not in ?2", idNumberIndex, ApplicationStatus.CLOSED_WITHOUT_CARD)
                .firstResultOptional();
    }

    /**
     * Applications, newest first. {@code holder}: those of this person or of a child whose guardian they are;
     * {@code idNumber}: the person's own only; both are blind indexes of ID numbers (the numbers are encrypted).
     */
    public List<Application> search(String holder, String employerId, String idNumber, ApplicationStatus status,
                                    int page, int size) {
        StringBuilder q = new StringBuilder("1 = 1");
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        if (holder != null) {
            q.append(" and (idNumberIndex = :holder or guardianIdIndex = :holder)");
            params.put("holder", holder);
        }
        if (employerId != null) {
            q.append(" and employerId = :employerId");
            params.put("employerId", employerId);
        }
        if (idNumber != null) {
            q.append(" and idNumberIndex = :idNumber");
            params.put("idNumber", idNumber);
        }
        if (status != null) {
            q.append(" and status = :status");
            params.put("status", status);
        }
        return find(q.toString(), Sort.descending("createdAt").and("id"), params).page(Page.of(page, size)).list();
    }
}
