package org.sscard.registration.domain;

/**
 * Application states (domain.md section 3). The rank orders the journey: a status learned from an event only
 * ever moves an application forward, so events that arrive out of order across topics cannot move it back.
 */
public enum ApplicationStatus {
    DRAFT(0), SUBMITTED(1), UNDER_REVIEW(2), SUPPLEMENT_REQUESTED(2), APPROVED(3), REJECTED(3),
    IN_PRODUCTION(4), PRODUCTION_FAILED(4), READY_FOR_COLLECTION(5), COLLECTED(6), WITHDRAWN(3);

    private final int rank;

    ApplicationStatus(int rank) {
        this.rank = rank;
    }

    public boolean isBefore(ApplicationStatus other) {
        return rank < other.rank;
    }

    /** Statuses that no longer block a new application for the same person (also the partial unique index). */
    public static final java.util.Set<ApplicationStatus> CLOSED_WITHOUT_CARD = java.util.EnumSet.of(REJECTED, WITHDRAWN);
}
