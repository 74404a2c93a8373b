package org.sscard.registration.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sscard.registration.domain.Employer;

import java.time.Instant;

public final class EmployerViews {
    @Schema(name = "EmployerRegistration", description = "Registering an employer (unit)")
    public record Registration(
            @NotBlank @Size(max = 18) @Schema(required = true, description = "Unified social credit code (GB 32100)",
                    example = "91350100M000100Y43") String creditCode,
            @NotBlank @Size(max = 200) @Schema(required = true) String name,
            @NotBlank @Size(max = 50) String contactName,
            @NotBlank @Pattern(regexp = "^(\\+86)?1[3-9]\\d{9}$", message = "must be a mainland mobile number")
            String contactPhone) {
    }

    @Schema(name = "Employer", description = "An employer (unit) registered for social insurance")
    public record View(String creditCode, String name, String regionCode, String contactName, Instant registeredAt) {
        public static View of(Employer e) {
            return new View(e.creditCode, e.name, e.regionCode, e.contactName, e.registeredAt);
        }
    }

    private EmployerViews() {
    }
}
