package org.sscard.review.domain;

import java.time.Duration;
import java.time.Instant;

/** Where a case stands against its due time. */
public enum SlaState {
    ON_TRACK, NEARLY_DUE, OVERDUE;

    public static SlaState of(Instant due, Instant now, Duration nearlyDue) {
        if (!now.isBefore(due)) {
            return OVERDUE;
        }
        return now.plus(nearlyDue).isBefore(due) ? ON_TRACK : NEARLY_DUE;
    }
}
