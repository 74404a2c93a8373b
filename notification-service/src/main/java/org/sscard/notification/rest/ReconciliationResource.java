package org.sscard.notification.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sscard.notification.service.ReconciliationService;
import org.sscard.platform.security.Roles;

/** The reconciliation of application states across the four services, for operations staff. */
@Path("/api/v1/operations/reconciliation")
@Tag(name = "Operations", description = "The event flow, for operations staff")
@SecurityRequirement(name = "jwt")
@RolesAllowed({Roles.OPERATIONS, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class ReconciliationResource {
    private final ReconciliationService reconciliation;

    public ReconciliationResource(ReconciliationService reconciliation) {
        this.reconciliation = reconciliation;
    }

    @GET
    @Operation(summary = "The last reconciliation: each application on which registration, review, card production and "
            + "notification disagree for longer than the grace period, what disagrees and since when, oldest first; "
            + "and which service could not be read")
    public ReconciliationService.Report last() {
        return reconciliation.last();
    }

    @POST
    @Operation(summary = "Runs the reconciliation now and returns its report")
    public ReconciliationService.Report run() {
        return reconciliation.run();
    }
}
