package org.sscard.cardproduction.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sscard.cardproduction.service.CardLifecycleService;
import org.sscard.platform.rest.Problem;
import org.sscard.platform.security.Caller;
import org.sscard.platform.security.Roles;

/**
 * The card after collection. Illegal transitions answer 409 with the card's current state; a rule broken by a
 * valid request (wrong PIN, weak PIN, wrong ID shown) answers 422.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Card lifecycle", description = "Activation, PIN, loss, replacement, cancellation, the electronic card")
@SecurityRequirement(name = "jwt")
public class CardLifecycleResource {
    private static final String BODY = "a request body is required";
    private final CardLifecycleService lifecycle;
    private final Caller caller;

    public CardLifecycleResource(CardLifecycleService lifecycle, Caller caller) {
        this.lifecycle = lifecycle;
        this.caller = caller;
    }

    @POST
    @Path("/cards/{cardNumber}/activation")
    @RolesAllowed({Roles.APPLICANT, Roles.OUTLET_CLERK})
    @Operation(summary = "Enable the social security function (holder online, or a clerk at an outlet)")
    public CardView activate(@PathParam("cardNumber") String cardNumber) {
        return CardView.of(lifecycle.activate(cardNumber, caller));
    }

    @POST
    @Path("/cards/{cardNumber}/bank-activation")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.BANK, Roles.ADMIN})
    @Operation(summary = "The cooperative bank reports the financial function activated")
    public CardView bankActivation(@PathParam("cardNumber") String cardNumber,
                                   @NotNull(message = BODY) @Valid LifecycleRequests.BankActivation body) {
        return CardView.of(lifecycle.bankActivated(cardNumber, body.bankName(), caller));
    }

    @POST
    @Path("/cards/{cardNumber}/pin")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.APPLICANT})
    @Operation(summary = "The holder sets the first PIN", description = "6 digits, no runs, no repeats, nothing from the ID number.")
    public Response setPin(@PathParam("cardNumber") String cardNumber, @NotNull(message = BODY) @Valid LifecycleRequests.Pin body) {
        lifecycle.setPin(cardNumber, body.pin(), caller);
        return Response.noContent().build();
    }

    @POST
    @Path("/cards/{cardNumber}/pin/change")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.APPLICANT})
    @Operation(summary = "The holder changes the PIN with the old one (a wrong old PIN counts as a wrong try)")
    public Response changePin(@PathParam("cardNumber") String cardNumber,
                              @NotNull(message = BODY) @Valid LifecycleRequests.PinChange body) {
        lifecycle.changePin(cardNumber, body.oldPin(), body.newPin(), caller);
        return Response.noContent().build();
    }

    @POST
    @Path("/cards/{cardNumber}/pin/verification")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.APPLICANT, Roles.OUTLET_CLERK, Roles.BANK})
    @Operation(summary = "Check a PIN", description = "204 when right; 422 PIN_INCORRECT with the tries left; the card "
            + "locks after the configured number of consecutive wrong tries (409 CARD_LOCKED after); 429 when tried "
            + "again too soon after a wrong PIN.")
    public Response verifyPin(@PathParam("cardNumber") String cardNumber,
                              @NotNull(message = BODY) @Valid LifecycleRequests.Pin body) {
        lifecycle.verifyPin(cardNumber, body.pin(), caller);
        return Response.noContent().build();
    }

    @POST
    @Path("/cards/{cardNumber}/pin/reset")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OUTLET_CLERK})
    @Operation(summary = "Reset the PIN at an outlet with card and ID; lifts a PIN lock")
    public CardView resetPin(@PathParam("cardNumber") String cardNumber,
                             @NotNull(message = BODY) @Valid LifecycleRequests.PinReset body) {
        return CardView.of(lifecycle.resetPin(cardNumber, body.idNumber(), body.newPin(), caller));
    }

    @POST
    @Path("/cards/{cardNumber}/temporary-loss")
    @RolesAllowed({Roles.APPLICANT, Roles.OUTLET_CLERK, Roles.BANK})
    @Operation(summary = "Report the card temporarily lost", description = "Online by the holder, by phone through an "
            + "outlet clerk, or by the bank. Lifts itself after the configured number of days.")
    public CardView reportTemporaryLoss(@PathParam("cardNumber") String cardNumber) {
        return CardView.of(lifecycle.reportTemporaryLoss(cardNumber, caller));
    }

    @DELETE
    @Path("/cards/{cardNumber}/temporary-loss")
    @RolesAllowed({Roles.APPLICANT, Roles.OUTLET_CLERK})
    @Operation(summary = "Lift a temporary loss report early")
    public CardView liftTemporaryLoss(@PathParam("cardNumber") String cardNumber) {
        return CardView.of(lifecycle.liftTemporaryLoss(cardNumber, caller));
    }

    @POST
    @Path("/cards/{cardNumber}/formal-loss")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OUTLET_CLERK})
    @Operation(summary = "Formal loss report at a counter with ID: irreversible")
    public CardView reportFormalLoss(@PathParam("cardNumber") String cardNumber,
                                     @NotNull(message = BODY) @Valid LifecycleRequests.IdCheck body) {
        return CardView.of(lifecycle.reportFormalLoss(cardNumber, body.idNumber(), caller));
    }

    @POST
    @Path("/cards/{cardNumber}/replacement")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OUTLET_CLERK})
    @Operation(summary = "Order a replacement (after a formal loss) or an exchange", description = "A new card with a new "
            + "number goes through production; the old one becomes SUPERSEDED when the new one is collected. "
            + "Answers 201 with the new card; its fee follows the reason.")
    public Response replace(@PathParam("cardNumber") String cardNumber,
                            @NotNull(message = BODY) @Valid LifecycleRequests.Replacement body, @Context UriInfo uri) {
        CardView card = CardView.of(lifecycle.requestReplacement(cardNumber, body.reason(), body.idNumber(), caller));
        return Response.created(uri.getBaseUriBuilder().path("api/v1/cards").path(card.cardNumber()).build())
                .entity(card).build();
    }

    @POST
    @Path("/cards/{cardNumber}/redispatch")
    @RolesAllowed({Roles.APPLICANT, Roles.ADMIN})
    @Operation(summary = "Send a returned card to its outlet again", description = "A card not collected within "
            + "sscard.card.collection-return-after goes back to the issuing centre (RETURNED). The holder (or an "
            + "administrator) asks for it to be sent to its outlet again; it is READY_FOR_COLLECTION there afresh, "
            + "and the holder is told.")
    @APIResponse(responseCode = "409", description = "The card is not RETURNED",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "200", description = "Ready for collection at its outlet again",
            content = @Content(schema = @Schema(implementation = CardView.class)))
    public CardView redispatch(@PathParam("cardNumber") String cardNumber) {
        return CardView.of(lifecycle.redispatch(cardNumber, caller));
    }

    @POST
    @Path("/cards/{cardNumber}/cancellation")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OUTLET_CLERK, Roles.ADMIN})
    @Operation(summary = "Cancel the card (death, emigration, loss of nationality, transfer): social security side first")
    public CardView cancel(@PathParam("cardNumber") String cardNumber,
                           @NotNull(message = BODY) @Valid LifecycleRequests.Cancellation body) {
        return CardView.of(lifecycle.cancel(cardNumber, body.reason(), caller));
    }

    @POST
    @Path("/cards/{cardNumber}/bank-cancellation")
    @RolesAllowed({Roles.BANK, Roles.ADMIN})
    @Operation(summary = "The bank reports the bank account closed, after the social security side")
    public CardView bankCancellation(@PathParam("cardNumber") String cardNumber) {
        return CardView.of(lifecycle.bankCancelled(cardNumber, caller));
    }

    @POST
    @Path("/cards/{cardNumber}/electronic-card")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.APPLICANT})
    @Operation(summary = "Issue the electronic card", description = "Needs an ACTIVE physical card and the "
            + "face-verification provider's signed verdict that the holder passed the real-name and face check. "
            + "422 FACE_CHECK_INVALID (not a genuine verdict), FACE_CHECK_EXPIRED, FACE_CHECK_WRONG_PERSON, "
            + "FACE_CHECK_FAILED (not passed, or liveness too low), FACE_CHECK_REPLAYED (used before).")
    public Response issueElectronicCard(@PathParam("cardNumber") String cardNumber,
                                        @NotNull(message = BODY) @Valid LifecycleRequests.ElectronicCardRequest body) {
        return Response.status(201).entity(ElectronicCardView.of(lifecycle.issueElectronicCard(cardNumber, body.faceVerification(), caller)))
                .build();
    }

    @GET
    @Path("/cards/{cardNumber}/electronic-card")
    @RolesAllowed({Roles.APPLICANT, Roles.OUTLET_CLERK, Roles.OPERATIONS, Roles.ADMIN})
    @Operation(summary = "The electronic card of a physical card, and its state")
    public ElectronicCardView electronicCard(@PathParam("cardNumber") String cardNumber) {
        return ElectronicCardView.of(lifecycle.electronicCard(cardNumber, caller));
    }

    @POST
    @Path("/cards/{cardNumber}/electronic-card/qr")
    @RolesAllowed({Roles.APPLICANT})
    @Operation(summary = "A short-lived signed token for the electronic card's QR code")
    public QrVerification.Token qr(@PathParam("cardNumber") String cardNumber) {
        return QrVerification.Token.of(lifecycle.qrToken(cardNumber, caller));
    }

    @POST
    @Path("/electronic-cards/verification")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OUTLET_CLERK, Roles.BANK, Roles.OPERATIONS, Roles.ADMIN})
    @Operation(summary = "Verify a scanned QR code", description = "Valid only while unexpired, correctly signed, and "
            + "the electronic card is ACTIVE; the answer shows masked identifiers only.")
    public QrVerification.Result verify(@NotNull(message = BODY) @Valid LifecycleRequests.QrToken body) {
        return QrVerification.Result.of(lifecycle.verifyQr(body.token()));
    }
}
