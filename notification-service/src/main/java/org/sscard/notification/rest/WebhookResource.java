package org.sscard.notification.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sscard.notification.domain.EmployerWebhook;
import org.sscard.notification.domain.WebhookDelivery;
import org.sscard.notification.service.Webhooks;
import org.sscard.platform.rest.Problem;
import org.sscard.platform.security.Caller;
import org.sscard.platform.security.Roles;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An employer's callback endpoint: its HR system is told when a roster is processed, when an employee is approved or
 * rejected, and when cards are ready, instead of polling. Employers manage their own; operations and admins name one.
 */
@Path("/api/v1/webhook")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Callbacks", description = "Signed callbacks to employers' HR systems")
@SecurityRequirement(name = "jwt")
public class WebhookResource {
    private final Webhooks webhooks;
    private final Caller caller;

    public WebhookResource(Webhooks webhooks, Caller caller) {
        this.webhooks = webhooks;
        this.caller = caller;
    }

    @Schema(name = "WebhookRequest", description = "Where callbacks go, and the secret they are signed with")
    public record Registration(
            @NotBlank @Size(max = 500) @Schema(required = true, example = "https://hr.example.com/sscard/callbacks",
                    description = "https:// (plain http:// only in the local profiles)") String url,
            @NotBlank @Size(min = 32, max = 200) @Pattern(regexp = "^[\\x21-\\x7E]+$",
                    message = "must be printable ASCII without spaces")
            @Schema(required = true, description = "At least 32 characters; the HMAC-SHA256 key. It is never shown again")
            String secret) {
    }

    @Schema(name = "Webhook", description = "An employer's callback endpoint (the secret is never shown)")
    public record View(String employerId, String url, Instant createdAt, Instant updatedAt, String updatedBy) {
        static View of(EmployerWebhook h) {
            return new View(h.employerId, h.url, h.createdAt, h.updatedAt, h.updatedBy);
        }
    }

    @Schema(name = "WebhookDelivery", description = "One callback and how its delivery went")
    public record DeliveryView(UUID id, String type,
                               @Schema(description = "PENDING, DELIVERED, FAILED (tried again later) or GAVE_UP") String status,
                               int attempts, Instant createdAt, Instant nextAttemptAt, Instant deliveredAt,
                               @Schema(description = "The HTTP status of the last try") Integer lastStatus,
                               String lastError,
                               @Schema(description = "The callback's body, exactly as signed and sent") String body) {
        static DeliveryView of(WebhookDelivery d) {
            return new DeliveryView(d.id, d.type, d.status, d.attempts, d.createdAt,
                    WebhookDelivery.DELIVERED.equals(d.status) || WebhookDelivery.GAVE_UP.equals(d.status) ? null
                            : d.nextAttemptAt, d.deliveredAt, d.lastStatus, d.lastError, d.body);
        }
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.EMPLOYER})
    @Operation(summary = "Register or replace the employer's callback endpoint", description = "Callbacks are POSTed "
            + "as JSON with the headers X-Sscard-Event, X-Sscard-Delivery, X-Sscard-Timestamp (Unix seconds) and "
            + "X-Sscard-Signature: v1= hex HMAC-SHA256 of timestamp + \".\" + body, keyed by the secret.")
    public View register(@NotNull(message = "a request body is required") @Valid Registration body) {
        return View.of(webhooks.register(caller.subject(), body.url().trim(), body.secret(), caller));
    }

    @GET
    @RolesAllowed({Roles.EMPLOYER, Roles.OPERATIONS, Roles.ADMIN})
    @Operation(summary = "The employer's callback endpoint", description = "Staff name the employer with employerId.")
    @APIResponse(responseCode = "404", description = "No endpoint registered",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "200", description = "The endpoint",
            content = @Content(schema = @Schema(implementation = View.class)))
    public View getWebhook(@QueryParam("employerId") String employerId) {
        return View.of(webhooks.get(webhooks.employerOf(caller, employerId)));
    }

    @DELETE
    @RolesAllowed({Roles.EMPLOYER, Roles.ADMIN})
    @Operation(summary = "Remove the callback endpoint; callbacks not yet delivered are given up")
    public Response remove(@QueryParam("employerId") String employerId) {
        webhooks.remove(webhooks.employerOf(caller, employerId));
        return Response.noContent().build();
    }

    @POST
    @Path("/ping")
    @RolesAllowed({Roles.EMPLOYER})
    @Operation(summary = "Send a test callback (type ping) to check the endpoint and the signature")
    public Response ping() {
        webhooks.ping(caller.subject());
        return Response.accepted().build();
    }

    @GET
    @Path("/deliveries")
    @RolesAllowed({Roles.EMPLOYER, Roles.OPERATIONS, Roles.ADMIN})
    @Operation(summary = "The delivery log: callbacks, newest first", description = "Optionally of one status. Staff "
            + "name the employer with employerId.")
    public List<DeliveryView> deliveries(@QueryParam("employerId") String employerId,
                                         @QueryParam("status") @Pattern(regexp = "^(PENDING|DELIVERED|FAILED|GAVE_UP)$",
                                                 message = "must be PENDING, DELIVERED, FAILED or GAVE_UP") String status,
                                         @QueryParam("size") @DefaultValue("100") @Min(1) @Max(1000) int size) {
        return webhooks.deliveries(webhooks.employerOf(caller, employerId), status, size).stream()
                .map(DeliveryView::of).toList();
    }

    @POST
    @Path("/deliveries/{id}/redelivery")
    @RolesAllowed({Roles.EMPLOYER, Roles.OPERATIONS, Roles.ADMIN})
    @Operation(summary = "Send a callback again, from its first try", description = "For a callback given up, or one "
            + "the HR system lost. The body and the delivery id stay the same (receivers deduplicate on it); the "
            + "timestamp and signature are new.")
    @APIResponse(responseCode = "202", description = "Queued to be sent again",
            content = @Content(schema = @Schema(implementation = DeliveryView.class)))
    public Response redeliver(@PathParam("id") UUID id, @QueryParam("employerId") String employerId) {
        return Response.accepted(DeliveryView.of(webhooks.redeliver(webhooks.employerOf(caller, employerId), id))).build();
    }
}
