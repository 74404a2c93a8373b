package org.sscard.cardproduction.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sscard.cardproduction.domain.BatchStatus;
import org.sscard.cardproduction.service.CardLifecycleService;
import org.sscard.cardproduction.service.CardService;
import org.sscard.platform.problem.DomainException;
import org.sscard.platform.rest.Problem;
import org.sscard.platform.security.Caller;
import org.sscard.platform.security.Roles;

import java.util.List;
import java.util.UUID;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Cards", description = "Cards from print batch to collection")
@SecurityRequirement(name = "jwt")
public class CardResource {
    private final CardService service;
    private final CardLifecycleService lifecycle;
    private final Caller caller;

    public CardResource(CardService service, CardLifecycleService lifecycle, Caller caller) {
        this.service = service;
        this.lifecycle = lifecycle;
        this.caller = caller;
    }

    @GET
    @Path("/cards")
    @RolesAllowed({Roles.APPLICANT, Roles.EMPLOYER, Roles.OUTLET_CLERK, Roles.REVIEWER, Roles.OPERATIONS, Roles.ADMIN,
            Roles.BANK})
    @Operation(summary = "The card of an application", description = "Applicants see only their own cards.")
    public List<CardView> byApplication(@QueryParam("applicationId") UUID applicationId) {
        if (applicationId == null) {
            throw DomainException.invalid("APPLICATION_ID_REQUIRED", "Give applicationId");
        }
        return service.byApplication(applicationId, caller).stream().map(CardView::of).toList();
    }

    @GET
    @Path("/cards/{cardNumber}")
    @RolesAllowed({Roles.APPLICANT, Roles.EMPLOYER, Roles.OUTLET_CLERK, Roles.REVIEWER, Roles.OPERATIONS, Roles.ADMIN,
            Roles.BANK})
    @Operation(summary = "One card")
    @APIResponse(responseCode = "404", description = "No such card, or not yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "200", description = "The card",
            content = @Content(schema = @Schema(implementation = CardView.class)))
    public CardView getCard(@PathParam("cardNumber") String cardNumber) {
        return CardView.of(service.get(cardNumber, caller));
    }

    @POST
    @Path("/cards/{cardNumber}/collection")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OUTLET_CLERK})
    @Operation(summary = "Hand the card over at the counter", description = "HOLDER: checks the ID number shown "
            + "against the holder's. PROXY: also records the proxy's ID number, name and the authorisation. EMPLOYER: "
            + "the employer that applied collects for its staff. Issues the card sealed and announces CardCollected; "
            + "a replacement supersedes the card it replaces.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CardView.class)))
    @APIResponse(responseCode = "409", description = "The card is not ready for collection (state in the detail)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The ID number shown is not the holder's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CardView collect(@PathParam("cardNumber") String cardNumber,
                            @NotNull(message = "a request body is required") @Valid CollectionRequest request) {
        return CardView.of(lifecycle.collect(cardNumber, request.toHandover(), caller));
    }

    @GET
    @Path("/batches")
    @RolesAllowed({Roles.OPERATIONS, Roles.ADMIN})
    @Operation(summary = "Print batches and their progress, newest first")
    public List<BatchView> batches(@QueryParam("status") BatchStatus status,
                                   @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return service.batches(status, size).stream().map(BatchView::of).toList();
    }
}
