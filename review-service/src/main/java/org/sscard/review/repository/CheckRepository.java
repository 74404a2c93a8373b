package org.sscard.review.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.platform.persistence.DeferredRows;
import org.sscard.review.domain.CheckResult;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class CheckRepository implements PanacheRepository<CheckResult> {
    private final DeferredRows deferred;

    public CheckRepository(DeferredRows deferred) {
        this.deferred = deferred;
    }

    /** Records a check's outcome: at once, or with the other rows of a consumer's batch (see {@link DeferredRows}). */
    public void record(CheckResult r) {
        deferred.insert(() -> persist(r), "review_check",
                "review_id, check_name, passed, fixable, reason_code, detail, checked_at",
                r.reviewId, r.check, r.passed, r.fixable, r.reasonCode, r.detail, r.checkedAt);
    }

    public List<CheckResult> forReview(UUID reviewId) {
        return list("reviewId", Sort.ascending("id"), reviewId);
    }
}
