package org.sscard.review.domain;

import org.junit.jupiter.api.Test;
import org.sscard.platform.problem.DomainException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A review case's rules, on the aggregate alone. */
class ReviewTaskTest {
    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    private static final java.util.function.Consumer<List<String>> ANY_CODE = codes -> { };
    private static final java.util.function.Consumer<List<String>> NO_CODE = codes -> {
        throw DomainException.breaksRule("UNKNOWN_REASON_CODE", "not in the catalogue");
    };

    private static ReviewTask claimedBy(String reviewer, Instant until) {
        ReviewTask t = new ReviewTask();
        t.id = UUID.randomUUID();
        t.status = ReviewStatus.CLAIMED;
        t.claimedBy = reviewer;
        t.claimExpiresAt = until;
        return t;
    }

    private static String code(Runnable r) {
        return assertThrows(DomainException.class, r::run).code();
    }

    @Test
    void onlyTheReviewerHoldingTheCaseDecidesItAndAClaimThatLapsedHoldsNothing() {
        ReviewTask t = claimedBy("rita", NOW.plus(Duration.ofMinutes(30)));
        Decision approve = new Decision(Outcome.APPROVE, null, null, null);
        assertEquals("REVIEW_NOT_CLAIMED", code(() -> t.decideAsReviewer(approve, "otto", NOW, ANY_CODE)));
        assertEquals("REVIEW_NOT_CLAIMED", code(() -> t.decideAsReviewer(approve, "rita", NOW.plus(Duration.ofHours(1)), ANY_CODE)));
        t.decideAsReviewer(approve, "rita", NOW, ANY_CODE);
        assertEquals(ReviewStatus.DECIDED, t.status);
        assertNull(t.claimedBy);
        assertEquals("REVIEW_ALREADY_DECIDED", code(() -> t.decideAsReviewer(approve, "rita", NOW, ANY_CODE)));
        assertEquals("REVIEW_ALREADY_DECIDED", code(() -> t.decideAsReviewer(new Decision(Outcome.REJECT, List.of("NOPE"),
                null, null), "rita", NOW, NO_CODE)), "the case's state is checked before the reasons");
        ReviewTask held = claimedBy("rita", NOW.plusSeconds(600));
        assertEquals("UNKNOWN_REASON_CODE", code(() -> held.decideAsReviewer(new Decision(Outcome.REJECT, List.of("NOPE"),
                null, null), "rita", NOW, NO_CODE)));
        assertEquals("REVIEW_ALREADY_DECIDED", t.claimRefused().code());
    }

    @Test
    void aRejectionOrSupplementGivesReasonsAndOnlyASupplementNamesMaterials() {
        ReviewTask t = claimedBy("rita", NOW.plusSeconds(600));
        assertEquals("REASON_REQUIRED", code(() -> t.decideAsReviewer(
                new Decision(Outcome.REJECT, List.of(), "no", null), "rita", NOW, ANY_CODE)));
        assertEquals("MATERIALS_ONLY_FOR_SUPPLEMENT", code(() -> t.decideAsReviewer(
                new Decision(Outcome.REJECT, List.of("PHOTO_NOT_COMPLIANT"), null, List.of("PHOTO")), "rita", NOW, ANY_CODE)));
        t.decideAsReviewer(new Decision(Outcome.REQUEST_SUPPLEMENT, List.of("PHOTO_NOT_COMPLIANT", "PHOTO_NOT_COMPLIANT"),
                "a new photo", List.of("PHOTO")), "rita", NOW, ANY_CODE);
        assertEquals(ReviewStatus.SUPPLEMENT_REQUESTED, t.status);
        assertEquals("PHOTO_NOT_COMPLIANT", t.reasonCodes, "codes are counted once");
        assertEquals("REVIEW_AWAITING_SUPPLEMENT", t.claimRefused().code());
        assertTrue(t.supplementAskedByReviewer());

        assertTrue(t.reopenWithSupplement("[]"));
        assertEquals(ReviewStatus.OPEN, t.status);
        assertNull(t.outcome);
        assertEquals("[]", t.materials);
        assertFalse(t.reopenWithSupplement("[]"), "an open case was not waiting for a supplement");
    }

    @Test
    void aWithdrawalTakesAnUndecidedCaseOutOfTheQueueButLeavesADecidedOne() {
        ReviewTask open = claimedBy("rita", NOW.plusSeconds(600));
        assertTrue(open.withdraw());
        assertEquals(ReviewStatus.WITHDRAWN, open.status);
        assertNull(open.claimedBy);
        assertFalse(open.withdraw());
        assertEquals("APPLICATION_WITHDRAWN", open.claimRefused().code());

        ReviewTask decided = claimedBy("rita", NOW.plusSeconds(600));
        decided.decide(Outcome.APPROVE, List.of(), null, "policy:auto-approval", NOW);
        assertFalse(decided.supplementAskedByReviewer());
        assertFalse(decided.withdraw());
        assertEquals(ReviewStatus.DECIDED, decided.status);
    }
}
