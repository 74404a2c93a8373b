package org.sscard.review.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.review.domain.CheckResult;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class CheckRepository implements PanacheRepository<CheckResult> {
    public List<CheckResult> forReview(UUID reviewId) {
        return list("reviewId", Sort.ascending("id"), reviewId);
    }
}
