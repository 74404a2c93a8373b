package org.sscard.events;

/**
 * Kafka topic names. Each producing service owns one topic per lane; every event on it is keyed by the application
 * id, so all events of one application stay in order within that topic.
 * <p>
 * <b>Lanes.</b> Applications born in bulk (an employer's roster) travel on the bulk lane: the same topics with
 * {@link #BULK_SUFFIX}, consumed by consumer groups of their own ({@code <service>-bulk}). A person's own application
 * travels on the interactive lane and never waits behind a roster's hundred thousand events. An application keeps its
 * lane for life, in every service, so that all its events share one topic and stay in order.
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

    /** What the bulk lane's topics add to the name of the interactive one. */
    public static final String BULK_SUFFIX = ".bulk";

    /** The topic of {@code topic}'s lane: {@code topic} itself for the interactive lane, its bulk twin otherwise. */
    public static String lane(String topic, boolean bulk) {
        return bulk ? topic + BULK_SUFFIX : topic;
    }

    /** Whether {@code topic} belongs to the bulk lane. */
    public static boolean isBulk(String topic) {
        return topic.endsWith(BULK_SUFFIX);
    }

    /**
     * Partitions of every event topic: the most instances of one service that get work from one topic. Set where
     * topics are created (the local broker's default, the Strimzi KafkaTopic resources in deploy/kubernetes).
     */
    public static final int PARTITIONS = 6;

    /** Dead-letter topic of one consuming service: messages it could not process, with the reason in headers. */
    public static String deadLetter(String consumerService) {
        return "sscard.dlq." + consumerService;
    }

    private Topics() {
    }
}
