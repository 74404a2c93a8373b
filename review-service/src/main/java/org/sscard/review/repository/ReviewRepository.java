package org.sscard.review.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.review.domain.ReviewStatus;
import org.sscard.review.domain.ReviewTask;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ReviewRepository implements PanacheRepositoryBase<ReviewTask, UUID> {

    public Optional<ReviewTask> findByApplication(UUID applicationId) {
        return find("applicationId", applicationId).firstResultOptional();
    }

    /** Oldest first, so no case waits behind newer ones. OPEN includes claims that have expired. */
    public List<ReviewTask> queue(ReviewStatus status, UUID applicationId, Instant now, int page, int size) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (applicationId != null) {
            q.append(" and applicationId = :app");
            p.and("app", applicationId);
        }
        if (status == ReviewStatus.OPEN) {
            q.append(" and (status = :open or (status = :claimed and claimExpiresAt <= :now))");
            p.and("open", ReviewStatus.OPEN).and("claimed", ReviewStatus.CLAIMED).and("now", now);
        } else if (status != null) {
            q.append(" and status = :status");
            p.and("status", status);
        }
        return find(q.toString(), Sort.ascending("submittedAt", "id"), p).page(Page.of(page, size)).list();
    }

    /**
     * Claims atomically: succeeds only if the case is open, its claim expired, or the caller already holds it.
     * Two reviewers racing for one case: exactly one update matches.
     */
    public boolean claim(UUID id, String reviewer, Instant now, Instant expiresAt) {
        return update("status = :claimed, claimedBy = :reviewer, claimExpiresAt = :expires, version = version + 1 "
                        + "where id = :id and (status = :open or (status = :claimed and (claimedBy = :reviewer or claimExpiresAt <= :now)))",
                Parameters.with("claimed", ReviewStatus.CLAIMED).and("reviewer", reviewer).and("expires", expiresAt)
                        .and("id", id).and("open", ReviewStatus.OPEN).and("now", now)) == 1;
    }
}
