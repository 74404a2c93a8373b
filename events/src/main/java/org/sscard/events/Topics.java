package org.sscard.events;

/**
 * Kafka topic names. Each producing service owns one topic; every event on it is keyed by the
 * application id, so all events of one application stay in order within that topic.
 */
public final class Topics {
    /** Events of the registration service (ApplicationSubmitted). */
    public static final String APPLICATIONS = "sscard.applications";
    /** Events of the review service (ApplicationApproved, ApplicationRejected, SupplementRequested). */
    public static final String REVIEWS = "sscard.reviews";
    /** Events of the card production service (CardProductionStarted, CardPrinted, CardReadyForCollection, CardCollected). */
    public static final String CARDS = "sscard.cards";
    /** Registration: an employer roster has been processed (key: roster id). */
    public static final String ROSTERS = "sscard.rosters";

    /** Dead-letter topic of one consuming service: messages it could not process, with the reason in headers. */
    public static String deadLetter(String consumerService) {
        return "sscard.dlq." + consumerService;
    }

    private Topics() {
    }
}
