package org.sscard.registration.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sscard.registration.domain.Outlet;
import org.sscard.registration.domain.OutletChange;

import java.time.Instant;

public final class OutletViews {
    @Schema(name = "OutletRequest", description = "An outlet as an administrator registers or changes it")
    public record Request(
            @NotBlank @Size(max = 100) @Schema(required = true, example = "朝阳区社保服务中心")
            String name,
            @NotBlank @Size(max = 200) @Schema(required = true, example = "北京市朝阳区示例路 1 号")
            String address,
            @NotBlank @Size(max = 200)
            @Schema(required = true, description = "Opening hours, as shown to applicants",
                    example = "Mon-Fri 09:00-17:00, Sat 09:00-12:00")
            String hours,
            @NotNull @Schema(required = true, description = "false closes the outlet: no new applications name it")
            Boolean open) {

        public Outlet.Details details() {
            return new Outlet.Details(name, address, hours, open);
        }
    }

    @Schema(name = "Outlet", description = "A collection outlet of the registry")
    public record View(@Schema(example = "110105-001") String code, String name, String address,
                       @Schema(example = "110105") String regionCode, String hours, boolean open, Instant changedAt) {
        public static View of(Outlet o) {
            return new View(o.code, o.name, o.address, o.regionCode, o.hours, o.open, o.changedAt);
        }
    }

    @Schema(name = "OutletChange", description = "One change an administrator made to an outlet")
    public record Change(Instant changedAt, String changedBy, String change) {
        public static Change of(OutletChange c) {
            return new Change(c.changedAt, c.changedBy, c.change);
        }
    }

    private OutletViews() {
    }
}
