package org.sscard.review.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import org.sscard.review.domain.QueueFilter;
import org.sscard.review.domain.ReviewStatus;
import org.sscard.review.domain.ReviewTask;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ReviewRepository implements PanacheRepositoryBase<ReviewTask, UUID> {

    public Optional<ReviewTask> findByApplication(UUID applicationId) {
        return find("applicationId", applicationId).firstResultOptional();
    }

    /** Oldest first, so no case waits behind newer ones. OPEN includes claims that have expired. */
    public List<ReviewTask> queue(QueueFilter f, Instant now, Duration nearlyDue, int page, int size) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (f.applicationId() != null) {
            q.append(" and applicationId = :app");
            p.and("app", f.applicationId());
        }
        if (f.status() == ReviewStatus.OPEN) {
            q.append(" and (status = :open or (status = :claimed and claimExpiresAt <= :now))");
            p.and("open", ReviewStatus.OPEN).and("claimed", ReviewStatus.CLAIMED).and("now", now);
        } else if (f.status() == ReviewStatus.CLAIMED) {
            q.append(" and status = :claimed and claimExpiresAt > :now");
            p.and("claimed", ReviewStatus.CLAIMED).and("now", now);
        } else if (f.status() != null) {
            q.append(" and status = :status");
            p.and("status", f.status());
        }
        if (f.regionCode() != null) {
            q.append(" and regionCode = :region");
            p.and("region", f.regionCode());
        }
        if (f.category() != null) {
            q.append(" and category = :category");
            p.and("category", f.category());
        }
        if (f.channel() != null) {
            q.append(" and channel = :channel");
            p.and("channel", f.channel());
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (f.minAge() != null) {
            q.append(" and birthDate <= :bornBy");
            p.and("bornBy", today.minusYears(f.minAge()));
        }
        if (f.maxAge() != null) {
            q.append(" and birthDate > :bornAfter");
            p.and("bornAfter", today.minusYears(f.maxAge() + 1L));
        }
        if (f.sla() != null) {
            q.append(" and status in (:undecided)");
            p.and("undecided", List.of(ReviewStatus.OPEN, ReviewStatus.CLAIMED));
            switch (f.sla()) {
                case OVERDUE -> {
                    q.append(" and dueAt <= :now2");
                    p.and("now2", now);
                }
                case NEARLY_DUE -> {
                    q.append(" and dueAt > :now2 and dueAt <= :soon");
                    p.and("now2", now).and("soon", now.plus(nearlyDue));
                }
                case ON_TRACK -> {
                    q.append(" and dueAt > :soon");
                    p.and("soon", now.plus(nearlyDue));
                }
            }
        }
        return find(q.toString(), Sort.ascending("submittedAt", "id"), p).page(Page.of(page, size)).list();
    }

    /** Undecided cases (open or claimed) due before {@code by}. */
    public long undecidedDueBefore(Instant by) {
        return count("status in ?1 and dueAt <= ?2", List.of(ReviewStatus.OPEN, ReviewStatus.CLAIMED), by);
    }

    public long undecided() {
        return count("status in ?1", List.of(ReviewStatus.OPEN, ReviewStatus.CLAIMED));
    }

    /** Gives a claimed case back to the queue, if {@code reviewer} holds it. */
    public boolean release(UUID id, String reviewer) {
        return update("status = :open, claimedBy = null, claimExpiresAt = null, version = version + 1 "
                        + "where id = :id and status = :claimed and claimedBy = :reviewer",
                Parameters.with("open", ReviewStatus.OPEN).and("id", id).and("claimed", ReviewStatus.CLAIMED)
                        .and("reviewer", reviewer)) == 1;
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
