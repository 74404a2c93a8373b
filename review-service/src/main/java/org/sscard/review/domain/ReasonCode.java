package org.sscard.review.domain;

/**
 * The reason codes the automated checks give. Their words, and every other reason a reviewer may choose, are in
 * the maintained catalogue (table {@code reason}, {@link org.sscard.review.service.ReasonCatalogue}).
 */
public enum ReasonCode {
    ID_NUMBER_INVALID, PHOTO_NOT_COMPLIANT, MATERIALS_INCOMPLETE, DUPLICATE_APPLICATION, GUARDIAN_MISSING,
    EMPLOYER_NOT_REGISTERED, OTHER
}
