package org.sscard.platform.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sscard.platform.problem.FieldError;

import java.util.List;

/**
 * An RFC 9457 problem detail. {@code code} is stable and machine-readable; {@code detail} is for people and
 * never contains a stack trace, an exception class name or personal data.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem detail (application/problem+json)")
public record Problem(
        @Schema(description = "URI identifying the problem type", example = "urn:sscard:problem:validation-failed") String type,
        @Schema(description = "Short summary", example = "Bad Request") String title,
        @Schema(description = "HTTP status", example = "400") int status,
        @Schema(description = "Stable machine-readable code", example = "VALIDATION_FAILED") String code,
        @Schema(description = "Explanation for people") String detail,
        @Schema(description = "The request path") String instance,
        @Schema(description = "Field-level errors, for validation problems") List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
