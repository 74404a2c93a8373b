package org.sscard.review.domain;

public enum ReviewStatus {
    /** Waiting for a reviewer. */
    OPEN,
    /** A reviewer holds it until the claim expires. */
    CLAIMED,
    /** The applicant was asked for more materials. */
    SUPPLEMENT_REQUESTED,
    /** Approved or rejected; final. */
    DECIDED,
    /** The applicant withdrew the application; final. */
    WITHDRAWN
}
