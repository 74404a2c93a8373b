package org.sscard.review.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sscard.events.MaterialKind;
import org.sscard.review.domain.Decision;
import org.sscard.review.domain.Outcome;

import java.util.List;

@Schema(description = "A reviewer's decision on a claimed case")
public record DecisionRequest(
        @NotNull @Schema(required = true, example = "APPROVE") Outcome outcome,
        @Size(max = 10) @Schema(description = "Codes from GET /api/v1/reasons; at least one to reject or request a supplement",
                example = "[\"PHOTO_NOT_COMPLIANT\"]") List<@NotNull @Size(max = 40) String> reasonCodes,
        @Size(max = 2000) @Schema(description = "Told to the applicant with the reasons") String comment,
        @Size(max = 10) @Schema(description = "REQUEST_SUPPLEMENT: the materials to supply, by kind (ID_FRONT, ID_BACK, "
                + "PHOTO, HOUSEHOLD_REGISTER, PASSPORT, GUARDIAN_ID, RELATIONSHIP_PROOF, BUSINESS_LICENCE, "
                + "POWER_OF_ATTORNEY, SPECIAL_CERTIFICATE)", example = "[\"PHOTO\"]")
        List<@NotNull MaterialKind> materials) {
    /** The decision this request states. */
    public Decision toDecision() {
        return new Decision(outcome, reasonCodes, comment, materials == null ? null
                : materials.stream().map(Enum::name).toList());
    }

    /** Without materials named. */
    public DecisionRequest(Outcome outcome, List<String> reasonCodes, String comment) {
        this(outcome, reasonCodes, comment, null);
    }
}
