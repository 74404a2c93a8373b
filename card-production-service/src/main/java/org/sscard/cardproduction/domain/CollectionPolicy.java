package org.sscard.cardproduction.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a card waits at its outlet: the holder is reminded every {@code remindEvery}, and the card goes back to
 * the issuing centre {@code returnAfter} after it became ready.
 */
public record CollectionPolicy(Duration remindEvery, Duration returnAfter) {

    /** When a card that became ready at {@code readyAt} is due to go back. */
    public Instant returnAt(Instant readyAt) {
        return readyAt.plus(returnAfter);
    }

    /** When a card that became ready at {@code readyAt} is next looked at after {@code now}: a reminder or its return. */
    public Instant nextCheck(Instant readyAt, Instant now) {
        Instant reminder = now.plus(remindEvery);
        Instant back = returnAt(readyAt);
        return reminder.isBefore(back) ? reminder : back;
    }

    /** Whether a card that became ready at {@code readyAt} has waited too long at {@code now}. */
    public boolean dueForReturn(Instant readyAt, Instant now) {
        return !now.isBefore(returnAt(readyAt));
    }
}
