package org.sscard.review.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.events.Payloads;
import org.sscard.events.Payloads.CheckOutcome;
import org.sscard.platform.id.CitizenIdNumber;
import org.sscard.review.domain.CheckResult;
import org.sscard.review.domain.ReasonCode;
import org.sscard.review.domain.ReviewTask;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The automated checks every case gets before a reviewer sees it, each recorded with its outcome. Review checks what
 * it owns: the ID number it will approve for a card, one case per person, and what an employee's employer being
 * unregistered means. The materials, the photo and who may apply are registration's rules: registration states their
 * outcomes with the event ({@link CheckOutcome}), and review records them as stated and never checks them again.
 * <p>
 * Review decides what a failure means: one the applicant can fix (fixable) asks for a supplement, one they cannot fix
 * rejects. A failure review has no reason for (a check registration added later), or an event that states no checks
 * at all, leaves the case to a reviewer.
 */
@ApplicationScoped
public class PreChecks {
    public static final String ID_NUMBER_VALID = "ID_NUMBER_VALID";
    public static final String ONE_OPEN_CASE = "ONE_OPEN_CASE";
    public static final String EMPLOYER_REGISTERED = "EMPLOYER_REGISTERED";
    /** Recorded failed, with no reason, when the event states no checks of registration's: a reviewer looks. */
    public static final String REGISTRATION_CHECKS_STATED = "REGISTRATION_CHECKS_STATED";
    /** What a failure of each check registration states means here: all three are the applicant's to fix. */
    private static final Map<String, ReasonCode> STATED = Map.of(
            CheckOutcome.MATERIALS_COMPLETE, ReasonCode.MATERIALS_INCOMPLETE,
            CheckOutcome.PHOTO_SPEC, ReasonCode.PHOTO_NOT_COMPLIANT,
            CheckOutcome.MINOR_HAS_GUARDIAN_PATH, ReasonCode.GUARDIAN_MISSING);
    private static final TypeReference<List<Payloads.MaterialInfo>> MATERIALS = new TypeReference<>() {
    };

    private final Clock clock;
    private final ObjectMapper mapper;

    public PreChecks(Clock clock, ObjectMapper mapper) {
        this.clock = clock;
        this.mapper = mapper;
    }

    /**
     * The checks of case {@code t}; {@code duplicate}: the person has another case that counts (ReviewService);
     * {@code stated}: registration's checks as the event states them, null when it states none.
     */
    public List<CheckResult> run(ReviewTask t, boolean duplicate, List<CheckOutcome> stated) {
        Instant now = clock.instant();
        List<CheckResult> results = new ArrayList<>();
        var idProblem = CitizenIdNumber.problem(t.idNumber, clock);
        results.add(result(t, ID_NUMBER_VALID, idProblem.isEmpty(), false, ReasonCode.ID_NUMBER_INVALID,
                idProblem.orElse("valid GB 11643 number"), now));

        results.add(result(t, ONE_OPEN_CASE, !duplicate, false, ReasonCode.DUPLICATE_APPLICATION,
                duplicate ? "another open or approved case exists for this person" : "no other case for this person", now));

        if (stated == null) {
            results.add(result(t, REGISTRATION_CHECKS_STATED, false, false, null,
                    "registration stated no checks of the materials and the applicant: a reviewer looks", now));
        } else {
            for (CheckOutcome c : stated) {
                results.add(result(t, c.check(), c.passed(), true, STATED.get(c.check()),
                        "as registration found it: " + c.detail(), now));
            }
        }

        if ("EMPLOYEE".equals(t.category) && t.employerRegistered != null) {
            boolean registered = t.employerId != null && t.employerRegistered;
            results.add(result(t, EMPLOYER_REGISTERED, registered, false, ReasonCode.EMPLOYER_NOT_REGISTERED,
                    t.employerId == null ? "an employee application names no employer"
                            : registered ? "the employer is registered for social insurance"
                            : "the employer named is not registered for social insurance", now));
        }
        return results;
    }

    /** The materials registration reported for the case; null when it reported none (an older event). */
    List<Payloads.MaterialInfo> materials(ReviewTask t) {
        if (t.materials == null) {
            return null;
        }
        try {
            return mapper.readValue(t.materials, MATERIALS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored materials are not readable", e);
        }
    }

    /** {@code reason} null: review has no reason for this failure, so no automated decision follows from it. */
    private static CheckResult result(ReviewTask t, String check, boolean passed, boolean fixable, ReasonCode reason,
                                      String detail, Instant at) {
        CheckResult r = new CheckResult();
        r.reviewId = t.id;
        r.check = check.length() > 40 ? check.substring(0, 40) : check; // the column's width
        r.passed = passed;
        r.fixable = fixable && reason != null;
        r.reasonCode = passed || reason == null ? null : reason.name();
        r.detail = detail.length() > 500 ? detail.substring(0, 497) + "..." : detail;
        r.checkedAt = at;
        return r;
    }
}
