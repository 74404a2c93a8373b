package org.sscard.cardproduction.domain;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A print batch's states, in one place: OPEN → CLOSED (by size or age) → PRINTING → DONE, and PRINTING → PRINTING
 * when a sending whose report never came is re-sent under a new lease.
 */
public enum BatchStatus {
    /** Taking cards. */
    OPEN,
    /** Closed by size or time; waiting for the printer. */
    CLOSED,
    /** Sent to the printer; outcomes not yet recorded. Re-sent (same batch id) if they never arrive. */
    PRINTING,
    /** The printer reported every card. */
    DONE;

    private static final Map<BatchStatus, Set<BatchStatus>> NEXT = Map.of(
            OPEN, EnumSet.of(CLOSED),
            CLOSED, EnumSet.of(PRINTING),
            PRINTING, EnumSet.of(PRINTING, DONE),
            DONE, EnumSet.noneOf(BatchStatus.class));

    public boolean canMoveTo(BatchStatus next) {
        return NEXT.get(this).contains(next);
    }
}
