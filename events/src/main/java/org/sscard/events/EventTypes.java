package org.sscard.events;

import java.util.Map;

/** Event type names and the payload record each one carries. */
public final class EventTypes {
    public static final String APPLICATION_SUBMITTED = "ApplicationSubmitted";
    public static final String APPLICATION_APPROVED = "ApplicationApproved";
    public static final String APPLICATION_REJECTED = "ApplicationRejected";
    public static final String SUPPLEMENT_REQUESTED = "SupplementRequested";
    public static final String CARD_PRODUCTION_STARTED = "CardProductionStarted";
    public static final String CARD_PRINTED = "CardPrinted";
    public static final String CARD_READY_FOR_COLLECTION = "CardReadyForCollection";
    public static final String CARD_COLLECTED = "CardCollected";

    /** Payload class per type: the single source a consumer uses to decide whether it knows a type. */
    public static final Map<String, Class<?>> PAYLOADS = Map.of(
            APPLICATION_SUBMITTED, Payloads.ApplicationSubmitted.class,
            APPLICATION_APPROVED, Payloads.ApplicationApproved.class,
            APPLICATION_REJECTED, Payloads.ApplicationRejected.class,
            SUPPLEMENT_REQUESTED, Payloads.SupplementRequested.class,
            CARD_PRODUCTION_STARTED, Payloads.CardProductionStarted.class,
            CARD_PRINTED, Payloads.CardPrinted.class,
            CARD_READY_FOR_COLLECTION, Payloads.CardReadyForCollection.class,
            CARD_COLLECTED, Payloads.CardCollected.class);

    /** Current schema version of every payload above. */
    public static final int SCHEMA_VERSION = 1;

    private EventTypes() {
    }
}
