package org.sscard.cardproduction.domain;

public enum BatchStatus {
    /** Taking cards. */
    OPEN,
    /** Closed by size or time; waiting for the printer. */
    CLOSED,
    /** Sent to the printer; outcomes not yet recorded. Re-sent (same batch id) if they never arrive. */
    PRINTING,
    /** The printer reported every card. */
    DONE
}
