package org.sscard.cardproduction.domain;

/** Who took the card at the counter. */
public enum CollectionMode {
    /** The holder, with a valid ID. */
    HOLDER,
    /** A proxy, with both ID numbers and an authorisation. */
    PROXY,
    /** The employer, for its staff. */
    EMPLOYER
}
