package org.sscard.registration.domain;

/**
 * Application states (docs/domain.md, section 3). The rank orders the journey: a status learned from an event only
 * ever moves an application forward, so events that arrive out of order across topics cannot move it back.
 */
public enum ApplicationStatus {
    DRAFT(0), SUBMITTED(1), UNDER_REVIEW(2), SUPPLEMENT_REQUESTED(2), APPROVED(3), REJECTED(3),
    IN_PRODUCTION(4), PRODUCTION_FAILED(4), READY_FOR_COLLECTION(5), COLLECTED(6), WITHDRAWN(3),
    /** The application's card was cancelled (death, emigration, loss of nationality, transfer): it ended. */
    CARD_CANCELLED(7);

    private final int rank;

    ApplicationStatus(int rank) {
        this.rank = rank;
    }

    public boolean isBefore(ApplicationStatus other) {
        return rank < other.rank;
    }

    /**
     * Statuses that leave the person without a live card or an open application, so that they may apply again
     * (also the partial unique index application_one_open_per_person, and the roster's duplicate check).
     */
    public static final java.util.Set<ApplicationStatus> CLOSED_WITHOUT_CARD = java.util.EnumSet.of(REJECTED, WITHDRAWN,
            CARD_CANCELLED);

    /** Final: later events are recorded in the timeline only. */
    public boolean isFinal() {
        return CLOSED_WITHOUT_CARD.contains(this);
    }
}
