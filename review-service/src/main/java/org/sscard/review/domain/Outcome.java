package org.sscard.review.domain;

public enum Outcome {
    APPROVE, REJECT, REQUEST_SUPPLEMENT
}
