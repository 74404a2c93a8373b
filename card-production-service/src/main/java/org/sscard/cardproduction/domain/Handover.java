package org.sscard.cardproduction.domain;

/**
 * What the clerk records when a card is handed over: who collects, the holder's ID number read from the document
 * shown, and for a proxy their own ID number, name and the holder's written authorisation; for an employer its
 * account.
 */
public record Handover(CollectionMode mode, String idNumber, String proxyIdNumber, String proxyName,
                       String authorisationRef, String employerId) {
    public Handover {
        mode = mode == null ? CollectionMode.HOLDER : mode;
    }
}
