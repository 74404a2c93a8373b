package org.sscard.review;

import org.sscard.events.Payloads.CheckOutcome;

import java.util.List;

/** Registration's checks as a test states them in an event, the way registration's SubmissionChecks would. */
final class StatedChecks {
    private StatedChecks() {
    }

    /** An adult with every material attached and a photo to the spec. */
    static List<CheckOutcome> clean() {
        return List.of(new CheckOutcome(CheckOutcome.MINOR_HAS_GUARDIAN_PATH, true, "16 or older"),
                new CheckOutcome(CheckOutcome.MATERIALS_COMPLETE, true, "all required materials attached"),
                new CheckOutcome(CheckOutcome.PHOTO_SPEC, true, "JPEG 358 × 441 px, 24-bit"));
    }

    /** {@link #clean()}, but {@code check} failed as {@code detail} says. */
    static List<CheckOutcome> failing(String check, String detail) {
        return clean().stream().map(c -> c.check().equals(check) ? new CheckOutcome(check, false, detail) : c).toList();
    }
}
