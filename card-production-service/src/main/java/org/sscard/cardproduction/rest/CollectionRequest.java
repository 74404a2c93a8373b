package org.sscard.cardproduction.rest;

import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sscard.cardproduction.domain.CollectionMode;
import org.sscard.cardproduction.domain.Handover;

@Schema(description = "Handing a card over at the counter: to the holder, a proxy, or the employer")
public record CollectionRequest(
        @Schema(description = "Who collects; default HOLDER", example = "HOLDER") CollectionMode mode,
        @Size(max = 18) @Schema(description = "HOLDER and PROXY: the holder's ID number read from the document shown",
                example = "11010519491231002X") String idNumber,
        @Size(max = 18) @Schema(description = "PROXY: the proxy's own ID number") String proxyIdNumber,
        @Size(max = 50) @Schema(description = "PROXY: the proxy's name") String proxyName,
        @Size(max = 100) @Schema(description = "PROXY: reference of the holder's written authorisation") String authorisationRef,
        @Size(max = 100) @Schema(description = "EMPLOYER: the employer's account (unified social credit code)") String employerId) {

    Handover toHandover() {
        return new Handover(mode, idNumber, proxyIdNumber, proxyName, authorisationRef, employerId);
    }
}
