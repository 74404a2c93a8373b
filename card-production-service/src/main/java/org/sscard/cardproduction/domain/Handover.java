package org.sscard.cardproduction.domain;

import org.sscard.platform.problem.DomainException;
import org.sscard.platform.problem.FieldError;

import java.util.List;

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

    /** The holder's ID number is read at the counter unless the employer collects: an invalid request without it. */
    public void requireIdNumber() {
        if (mode != CollectionMode.EMPLOYER && (idNumber == null || idNumber.isBlank())) {
            throw DomainException.invalidFields(List.of(new FieldError("idNumber", "must not be blank")));
        }
    }
}
