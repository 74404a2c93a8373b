package org.sscard.cardproduction.domain;

public enum BatchStatus {
    /** Taking cards. */
    OPEN,
    /** Closed by size or time; waiting for the printer. */
    CLOSED,
    /** The printer reported every card. */
    DONE
}
