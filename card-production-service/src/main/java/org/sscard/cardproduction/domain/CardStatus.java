package org.sscard.cardproduction.domain;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The card state machine, in one place (docs/domain.md, sections 3 and 4). Production: IN_BATCH → PRINTED →
 * READY_FOR_COLLECTION (a failed print goes to PRINT_FAILED and back into a batch); a card left uncollected goes back
 * to the issuing centre (RETURNED) and is sent to its outlet again on request. Collection issues the card
 * sealed; afterwards ISSUED_SEALED → ACTIVE ⇄ LOCKED, ACTIVE ⇄ TEMP_LOST, ACTIVE/TEMP_LOST → LOST,
 * ACTIVE → EXCHANGE_PENDING, LOST/EXCHANGE_PENDING → SUPERSEDED, ACTIVE → EXPIRED, any → CANCELLED.
 */
public enum CardStatus {
    IN_BATCH, PRINT_FAILED, PRINTED, READY_FOR_COLLECTION, RETURNED, ISSUED_SEALED, ACTIVE, LOCKED, TEMP_LOST, LOST,
    EXCHANGE_PENDING, SUPERSEDED, EXPIRED, CANCELLED;

    private static final Map<CardStatus, Set<CardStatus>> NEXT = Map.ofEntries(
            Map.entry(IN_BATCH, EnumSet.of(PRINTED, PRINT_FAILED, CANCELLED)),
            Map.entry(PRINT_FAILED, EnumSet.of(IN_BATCH, CANCELLED)),
            Map.entry(PRINTED, EnumSet.of(READY_FOR_COLLECTION, CANCELLED)),
            Map.entry(READY_FOR_COLLECTION, EnumSet.of(ISSUED_SEALED, RETURNED, CANCELLED)),
            Map.entry(RETURNED, EnumSet.of(READY_FOR_COLLECTION, CANCELLED)),
            Map.entry(ISSUED_SEALED, EnumSet.of(ACTIVE, CANCELLED)),
            Map.entry(ACTIVE, EnumSet.of(LOCKED, TEMP_LOST, LOST, EXCHANGE_PENDING, EXPIRED, CANCELLED)),
            Map.entry(LOCKED, EnumSet.of(ACTIVE, CANCELLED)),
            Map.entry(TEMP_LOST, EnumSet.of(ACTIVE, LOST, CANCELLED)),
            Map.entry(LOST, EnumSet.of(SUPERSEDED, CANCELLED)),
            Map.entry(EXCHANGE_PENDING, EnumSet.of(SUPERSEDED, CANCELLED)),
            Map.entry(SUPERSEDED, EnumSet.noneOf(CardStatus.class)),
            Map.entry(EXPIRED, EnumSet.of(CANCELLED)),
            Map.entry(CANCELLED, EnumSet.noneOf(CardStatus.class)));

    public boolean canMoveTo(CardStatus next) {
        return NEXT.get(this).contains(next);
    }

    public Set<CardStatus> next() {
        return NEXT.get(this);
    }
}
