package org.sscard.review.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.platform.id.CitizenIdNumber;
import org.sscard.review.domain.CheckResult;
import org.sscard.review.domain.ReasonCode;
import org.sscard.review.domain.ReviewStatus;
import org.sscard.review.domain.ReviewTask;
import org.sscard.review.repository.ReviewRepository;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;

/**
 * The automated checks every case gets before a reviewer sees it. Checks on materials, the photo and the
 * employer's registration need the materials and employer registry of registration (issue 3) and are not run yet.
 */
@ApplicationScoped
public class PreChecks {
    public static final String ID_NUMBER_VALID = "ID_NUMBER_VALID";
    public static final String ONE_OPEN_CASE = "ONE_OPEN_CASE";
    public static final String MINOR_HAS_GUARDIAN_PATH = "MINOR_HAS_GUARDIAN_PATH";
    /** Age under which a guardian applies (domain.md section 1). */
    static final int GUARDIAN_AGE = 16;

    private final ReviewRepository reviews;
    private final Clock clock;

    public PreChecks(ReviewRepository reviews, Clock clock) {
        this.reviews = reviews;
        this.clock = clock;
    }

    public List<CheckResult> run(ReviewTask t) {
        Instant now = clock.instant();
        List<CheckResult> results = new ArrayList<>();
        var idProblem = CitizenIdNumber.problem(t.idNumber, clock);
        results.add(result(t, ID_NUMBER_VALID, idProblem.isEmpty(), false, ReasonCode.ID_NUMBER_INVALID,
                idProblem.orElse("valid GB 11643 number"), now));

        // another case counts while undecided, or once approved; rejected and withdrawn ones do not
        boolean duplicate = reviews.count("idNumber = ?1 and applicationId <> ?2 and ((status <> ?3 and status <> ?5) or outcome = ?4)",
                t.idNumber, t.applicationId, ReviewStatus.DECIDED, org.sscard.review.domain.Outcome.APPROVE,
                ReviewStatus.WITHDRAWN) > 0;
        results.add(result(t, ONE_OPEN_CASE, !duplicate, false, ReasonCode.DUPLICATE_APPLICATION,
                duplicate ? "another open or approved case exists for this person" : "no other case for this person", now));

        if (t.birthDate != null) {
            int age = Period.between(t.birthDate, LocalDate.ofInstant(now, java.time.ZoneOffset.UTC)).getYears();
            boolean minor = age < GUARDIAN_AGE;
            boolean ok = !minor || "CHILD".equals(t.category);
            results.add(result(t, MINOR_HAS_GUARDIAN_PATH, ok, true, ReasonCode.GUARDIAN_MISSING,
                    minor ? (ok ? "under 16, applied by a guardian" : "under 16 but not applied as CHILD by a guardian")
                            : "16 or older", now));
        }
        return results;
    }

    private static CheckResult result(ReviewTask t, String check, boolean passed, boolean fixable, ReasonCode reason,
                                      String detail, Instant at) {
        CheckResult r = new CheckResult();
        r.reviewId = t.id;
        r.check = check;
        r.passed = passed;
        r.fixable = fixable;
        r.reasonCode = passed ? null : reason.name();
        r.detail = detail;
        r.checkedAt = at;
        return r;
    }
}
