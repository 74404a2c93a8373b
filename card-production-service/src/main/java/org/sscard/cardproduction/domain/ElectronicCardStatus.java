package org.sscard.cardproduction.domain;

public enum ElectronicCardStatus {
    ACTIVE, SUSPENDED, REVOKED;

    /** What the electronic card becomes when its physical card enters {@code physical}. */
    public static ElectronicCardStatus following(CardStatus physical) {
        return switch (physical) {
            case ACTIVE -> ACTIVE;
            case LOCKED, TEMP_LOST, LOST, EXCHANGE_PENDING -> SUSPENDED;
            case CANCELLED, EXPIRED, SUPERSEDED -> REVOKED;
            default -> SUSPENDED;
        };
    }
}
