package org.sscard.review.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sscard.review.domain.Reason;

import java.time.Instant;

@Schema(description = "A reason of the catalogue with the words the applicant reads")
public record ReasonView(String code, String zh, String en, boolean active,
                         @Schema(description = "Given by automated checks; cannot be retired") boolean builtIn,
                         Instant updatedAt, String updatedBy) {
    public static ReasonView of(Reason r) {
        return new ReasonView(r.code, r.zh, r.en, r.active, r.builtIn, r.updatedAt, r.updatedBy);
    }

    @Schema(description = "New or changed words of a reason")
    public record Change(@NotBlank @Size(max = 200) @Schema(required = true, example = "户籍信息与身份证不一致") String zh,
                         @NotBlank @Size(max = 300) @Schema(required = true, example = "The household register does not match the ID card") String en,
                         @Schema(description = "Whether reviewers may choose it; default true") Boolean active) {
    }
}
