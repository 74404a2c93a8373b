package org.sscard.platform.inbox;

/**
 * A message that can never be processed, however often it is retried. It goes straight to the dead-letter topic, with
 * its {@link Cause} first in the reason ({@code UNKNOWN_TYPE: unknown event type: …}), which the operations dashboard
 * reads back to group and replay dead letters by cause. The message must not contain personal data: it becomes the
 * dead-letter reason header.
 */
public class PoisonMessageException extends RuntimeException {
    /** Why a message is poison. */
    public enum Cause {
        /** Not an event: empty, malformed JSON, or an envelope without its id, type, aggregate or payload. */
        UNREADABLE,
        /** An event type outside the catalogue. */
        UNKNOWN_TYPE,
        /** A payload that does not match the schema of its type. */
        SCHEMA_MISMATCH,
        /** A readable event that breaks a rule of the domain (an application this service does not know, say). */
        INVARIANT_BROKEN,
        /** A handler that failed every attempt for a reason other than unavailable infrastructure. */
        HANDLER_FAILED
    }

    private final Cause poisonCause;

    public PoisonMessageException(Cause poisonCause, String message) {
        super(poisonCause.name() + ": " + message, null, false, false);
        this.poisonCause = poisonCause;
    }

    public Cause poisonCause() {
        return poisonCause;
    }
}
