package org.sscard.registration.service;

import java.util.UUID;

/** Another worker has taken over the roster (this one's lease ran out): this worker stops without writing. */
public class RosterLeaseLost extends RuntimeException {
    public RosterLeaseLost(UUID rosterId) {
        super("the lease of roster " + rosterId + " is held by another worker", null, false, false);
    }
}
