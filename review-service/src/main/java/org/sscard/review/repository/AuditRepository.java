package org.sscard.review.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.platform.persistence.DeferredRows;
import org.sscard.review.domain.AuditEntry;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class AuditRepository implements PanacheRepository<AuditEntry> {
    private final DeferredRows deferred;

    public AuditRepository(DeferredRows deferred) {
        this.deferred = deferred;
    }

    /** Records an action: at once, or with the other rows of a consumer's batch (see {@link DeferredRows}). */
    public void record(UUID reviewId, String action, String actor, Instant at, String detail) {
        if (deferred.deferring()) {
            deferred.defer("review_audit", "review_id, action, actor, at, detail", reviewId, action, actor, at, detail);
            return;
        }
        AuditEntry e = new AuditEntry();
        e.reviewId = reviewId;
        e.action = action;
        e.actor = actor;
        e.at = at;
        e.detail = detail;
        persist(e);
    }

    public List<AuditEntry> forReview(UUID reviewId) {
        return list("reviewId", Sort.ascending("id"), reviewId);
    }
}
