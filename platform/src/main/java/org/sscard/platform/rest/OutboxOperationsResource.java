package org.sscard.platform.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sscard.platform.outbox.OutboxOperations;
import org.sscard.platform.problem.DomainException;
import org.sscard.platform.security.Caller;
import org.sscard.platform.security.Roles;

import java.util.UUID;

/** Every service's outbox, for operations staff: what waits, what is parked, and the retry of a parked row. */
@Path("/api/v1/operations/outbox")
@Tag(name = "Operations", description = "The event flow, for operations staff")
@SecurityRequirement(name = "jwt")
@RolesAllowed({Roles.OPERATIONS, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class OutboxOperationsResource {
    /** Why the row is retried, for the audit. */
    public record RetryRequest(@Size(max = 500) @Schema(description = "What was fixed, for the audit") String reason) {
    }

    private final OutboxOperations outbox;
    private final Caller caller;

    public OutboxOperationsResource(OutboxOperations outbox, Caller caller) {
        this.outbox = outbox;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Events waiting to be sent to Kafka, and the rows parked after Kafka refused them "
            + "sscard.outbox.max-attempts times (their applications' later events wait behind them)")
    public OutboxOperations.Status status() {
        return outbox.status();
    }

    @POST
    @Path("/{id}/retry")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Puts a parked row back in line once the cause is fixed; audited. 404 when no such row is parked")
    public OutboxOperations.ParkedRow retry(@PathParam("id") UUID id, @Valid RetryRequest request) {
        return outbox.retry(id, caller.subject(), request == null ? null : request.reason())
                .orElseThrow(() -> DomainException.notFound("Parked outbox row " + id));
    }
}
