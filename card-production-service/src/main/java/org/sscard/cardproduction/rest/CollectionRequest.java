package org.sscard.cardproduction.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "The ID document shown at the counter")
public record CollectionRequest(
        @NotBlank @Size(max = 18) @Schema(required = true, description = "ID number read from the document shown",
                example = "11010519491231002X") String idNumber) {
}
