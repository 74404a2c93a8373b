package org.sscard.events;

/** The documents an application may carry (docs/domain.md, section 2). */
public enum MaterialKind {
    /** Front of the second-generation resident ID card (or of a residence permit or permanent-residence card). */
    ID_FRONT,
    ID_BACK,
    /** One-inch bareheaded colour photo; checked against the digital spec on upload. */
    PHOTO,
    /** The household register page: replaces the ID card under 16 or for a person without a second-generation ID. */
    HOUSEHOLD_REGISTER,
    /** A foreigner's passport. */
    PASSPORT,
    GUARDIAN_ID,
    /** Household register or birth certificate showing the guardian's relationship to a minor. */
    RELATIONSHIP_PROOF,
    BUSINESS_LICENCE,
    POWER_OF_ATTORNEY,
    /** Disability, work injury or minimum living allowance certificate: optional, changes fees, not eligibility. */
    SPECIAL_CERTIFICATE
}
