package org.sscard.cardproduction.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sscard.cardproduction.domain.CancellationReason;
import org.sscard.cardproduction.domain.ReplacementReason;

/** Request bodies of the card lifecycle endpoints. PINs are never logged or echoed. */
public final class LifecycleRequests {
    public record Pin(@NotBlank @Size(max = 12) @Schema(required = true, description = "6 digits") String pin) {
    }

    public record PinChange(@NotBlank @Size(max = 12) String oldPin, @NotBlank @Size(max = 12) String newPin) {
    }

    public record PinReset(@NotBlank @Size(max = 18) @Schema(description = "ID number shown at the counter") String idNumber,
                           @NotBlank @Size(max = 12) String newPin) {
    }

    public record IdCheck(@NotBlank @Size(max = 18) @Schema(description = "ID number shown at the counter") String idNumber) {
    }

    public record BankActivation(@NotBlank @Size(max = 100) String bankName) {
    }

    public record Replacement(@NotNull @Schema(required = true) ReplacementReason reason,
                              @NotBlank @Size(max = 18) @Schema(description = "ID number shown at the counter") String idNumber) {
    }

    public record Cancellation(@NotNull @Schema(required = true) CancellationReason reason) {
    }

    public record ElectronicCardRequest(
            @NotBlank @Size(max = 8192) @Schema(required = true, description = "The face-verification provider's signed "
                    + "verdict (a compact JWS) that the holder passed the real-name and face check, as the front end "
                    + "received it. It is checked for its signature, freshness, person and single use.")
            String faceVerification) {
    }

    public record QrToken(@NotBlank @Size(max = 500) String token) {
    }

    private LifecycleRequests() {
    }
}
