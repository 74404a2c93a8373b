package org.sscard.notification.domain;

public enum DeliveryStatus {
    /** Waiting for its first try. */
    PENDING,
    /** Handed to the channel. */
    SENT,
    /** The last try failed; it is tried again after a backoff. */
    FAILED,
    /** Every try failed; an operator must look. */
    GAVE_UP
}
