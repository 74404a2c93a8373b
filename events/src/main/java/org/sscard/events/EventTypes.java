package org.sscard.events;

import java.util.Map;

/** Event type names and the payload record each one carries. */
public final class EventTypes {
    public static final String APPLICATION_SUBMITTED = "ApplicationSubmitted";
    public static final String APPLICATION_WITHDRAWN = "ApplicationWithdrawn";
    public static final String SUPPLEMENT_PROVIDED = "SupplementProvided";
    public static final String CONTACT_CHANGED = "ContactChanged";
    public static final String ROSTER_PROCESSED = "RosterProcessed";
    public static final String APPLICATION_APPROVED = "ApplicationApproved";
    public static final String APPLICATION_REJECTED = "ApplicationRejected";
    public static final String SUPPLEMENT_REQUESTED = "SupplementRequested";
    public static final String CARD_PRODUCTION_STARTED = "CardProductionStarted";
    public static final String CARD_PRINTED = "CardPrinted";
    public static final String CARD_READY_FOR_COLLECTION = "CardReadyForCollection";
    public static final String CARD_COLLECTED = "CardCollected";
    // The card's life after production (payload: Payloads.CardLifecycle)
    public static final String CARD_PRINT_FAILED = "CardPrintFailed";
    public static final String CARD_DISPATCHED = "CardDispatched";
    public static final String CARD_ACTIVATED = "CardActivated";
    public static final String CARD_BANK_ACTIVATED = "CardBankActivated";
    public static final String CARD_PIN_SET = "CardPinSet";
    public static final String CARD_LOCKED = "CardLocked";
    public static final String CARD_UNLOCKED = "CardUnlocked";
    public static final String CARD_REPORTED_LOST = "CardReportedLost";
    public static final String CARD_LOSS_LIFTED = "CardLossLifted";
    public static final String CARD_REPLACEMENT_REQUESTED = "CardReplacementRequested";
    public static final String CARD_SUPERSEDED = "CardSuperseded";
    public static final String CARD_CANCELLED = "CardCancelled";
    public static final String CARD_EXPIRING = "CardExpiring";
    public static final String CARD_EXPIRED = "CardExpired";
    public static final String CARD_COLLECTION_OVERDUE = "CardCollectionOverdue";
    public static final String CARD_COLLECTION_REMINDER = "CardCollectionReminder";
    public static final String CARD_RETURNED = "CardReturned";
    public static final String ELECTRONIC_CARD_ISSUED = "ElectronicCardIssued";
    public static final String ELECTRONIC_CARD_SUSPENDED = "ElectronicCardSuspended";
    public static final String ELECTRONIC_CARD_RESUMED = "ElectronicCardResumed";
    public static final String ELECTRONIC_CARD_RELINKED = "ElectronicCardRelinked";
    public static final String ELECTRONIC_CARD_REVOKED = "ElectronicCardRevoked";

    /** Payload class per type: the single source a consumer uses to decide whether it knows a type. */
    public static final Map<String, Class<?>> PAYLOADS = Map.ofEntries(
            Map.entry(APPLICATION_SUBMITTED, Payloads.ApplicationSubmitted.class),
            Map.entry(APPLICATION_WITHDRAWN, Payloads.ApplicationWithdrawn.class),
            Map.entry(SUPPLEMENT_PROVIDED, Payloads.SupplementProvided.class),
            Map.entry(CONTACT_CHANGED, Payloads.ContactChanged.class),
            Map.entry(ROSTER_PROCESSED, Payloads.RosterProcessed.class),
            Map.entry(APPLICATION_APPROVED, Payloads.ApplicationApproved.class),
            Map.entry(APPLICATION_REJECTED, Payloads.ApplicationRejected.class),
            Map.entry(SUPPLEMENT_REQUESTED, Payloads.SupplementRequested.class),
            Map.entry(CARD_PRODUCTION_STARTED, Payloads.CardProductionStarted.class),
            Map.entry(CARD_PRINTED, Payloads.CardPrinted.class),
            Map.entry(CARD_READY_FOR_COLLECTION, Payloads.CardReadyForCollection.class),
            Map.entry(CARD_COLLECTED, Payloads.CardCollected.class),
            Map.entry(CARD_PRINT_FAILED, Payloads.CardLifecycle.class),
            Map.entry(CARD_DISPATCHED, Payloads.CardLifecycle.class),
            Map.entry(CARD_ACTIVATED, Payloads.CardLifecycle.class),
            Map.entry(CARD_BANK_ACTIVATED, Payloads.CardLifecycle.class),
            Map.entry(CARD_PIN_SET, Payloads.CardLifecycle.class),
            Map.entry(CARD_LOCKED, Payloads.CardLifecycle.class),
            Map.entry(CARD_UNLOCKED, Payloads.CardLifecycle.class),
            Map.entry(CARD_REPORTED_LOST, Payloads.CardLifecycle.class),
            Map.entry(CARD_LOSS_LIFTED, Payloads.CardLifecycle.class),
            Map.entry(CARD_REPLACEMENT_REQUESTED, Payloads.CardLifecycle.class),
            Map.entry(CARD_SUPERSEDED, Payloads.CardLifecycle.class),
            Map.entry(CARD_CANCELLED, Payloads.CardLifecycle.class),
            Map.entry(CARD_EXPIRING, Payloads.CardLifecycle.class),
            Map.entry(CARD_EXPIRED, Payloads.CardLifecycle.class),
            Map.entry(CARD_COLLECTION_OVERDUE, Payloads.CardLifecycle.class),
            Map.entry(CARD_COLLECTION_REMINDER, Payloads.CardLifecycle.class),
            Map.entry(CARD_RETURNED, Payloads.CardLifecycle.class),
            Map.entry(ELECTRONIC_CARD_ISSUED, Payloads.CardLifecycle.class),
            Map.entry(ELECTRONIC_CARD_SUSPENDED, Payloads.CardLifecycle.class),
            Map.entry(ELECTRONIC_CARD_RESUMED, Payloads.CardLifecycle.class),
            Map.entry(ELECTRONIC_CARD_RELINKED, Payloads.CardLifecycle.class),
            Map.entry(ELECTRONIC_CARD_REVOKED, Payloads.CardLifecycle.class));

    /** Current schema version of every payload above. */
    public static final int SCHEMA_VERSION = 1;

    private EventTypes() {
    }
}
