package org.sscard.review.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import org.sscard.events.Payloads;
import org.sscard.platform.rest.Problem;
import org.sscard.platform.security.Caller;
import org.sscard.platform.security.Roles;
import org.sscard.review.domain.QueueFilter;
import org.sscard.review.domain.ReviewStatus;
import org.sscard.review.domain.SlaState;
import org.sscard.review.service.ReasonCatalogue;
import org.sscard.review.service.RegistrationMaterials;
import org.sscard.review.service.ReviewService;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reviews", description = "The reviewer queue: claim a case, then decide it")
@SecurityRequirement(name = "jwt")
public class ReviewResource {
    private final ReviewService service;
    private final Caller caller;
    private final ReasonCatalogue catalogue;
    private final RegistrationMaterials materials;
    private final org.eclipse.microprofile.jwt.JsonWebToken jwt;

    public ReviewResource(ReviewService service, Caller caller, ReasonCatalogue catalogue, RegistrationMaterials materials,
                          org.eclipse.microprofile.jwt.JsonWebToken jwt) {
        this.catalogue = catalogue;
        this.materials = materials;
        this.jwt = jwt;
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Path("/reviews")
    @RolesAllowed({Roles.REVIEWER, Roles.OPERATIONS, Roles.ADMIN})
    @Operation(summary = "The queue, oldest first", description = "status=OPEN lists cases nobody holds (expired claims included); "
            + "applicationId finds the case of one application; region, category, channel, age and SLA state narrow "
            + "the queue. ID numbers are masked in lists.")
    public List<ReviewView> listReviews(@QueryParam("status") ReviewStatus status,
                                 @QueryParam("applicationId") UUID applicationId,
                                 @QueryParam("region") @Pattern(regexp = "\\d{6}", message = "must be a 6-digit region code") String region,
                                 @QueryParam("category") @Size(max = 30) String category,
                                 @QueryParam("channel") @Size(max = 30) String channel,
                                 @QueryParam("minAge") @Min(0) @Max(150) Integer minAge,
                                 @QueryParam("maxAge") @Min(0) @Max(150) Integer maxAge,
                                 @QueryParam("sla") SlaState sla,
                                 @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100000) int page,
                                 @QueryParam("size") @Min(1) @Max(500) Integer size) {
        return service.list(new QueueFilter(status, applicationId, region, category, channel, minAge, maxAge, sla), page, size)
                .stream().map(ReviewView::of).toList();
    }

    @POST
    @Path("/reviews/{id}/release")
    @RolesAllowed({Roles.REVIEWER})
    @Operation(summary = "Give a claimed case back to the queue (only the reviewer holding it)")
    @APIResponse(responseCode = "409", description = "The caller does not hold the case",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "200", description = "Back in the queue",
            content = @Content(schema = @Schema(implementation = ReviewView.class)))
    public ReviewView release(@PathParam("id") UUID id) {
        return ReviewView.of(service.release(id, caller.subject()));
    }

    @GET
    @Path("/reviews/{id}")
    @RolesAllowed({Roles.REVIEWER, Roles.OPERATIONS, Roles.ADMIN})
    @Operation(summary = "One case, with the full ID number for checking")
    public ReviewView getReview(@PathParam("id") UUID id) {
        return ReviewView.of(service.get(id));
    }

    @POST
    @Path("/reviews/{id}/claim")
    @RolesAllowed({Roles.REVIEWER})
    @Operation(summary = "Claim a case", description = "Holds the case for the caller for the claim time. "
            + "Claiming again extends the caller's own claim; a case held by another reviewer answers 409.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ReviewView.class)))
    @APIResponse(responseCode = "409", description = "Held by another reviewer, or already decided",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ReviewView claim(@PathParam("id") UUID id) {
        return ReviewView.of(service.claim(id, caller.subject()));
    }

    @POST
    @Path("/reviews/{id}/decision")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.REVIEWER})
    @Operation(summary = "Decide a claimed case", description = "APPROVE, REJECT with reason codes and a comment, "
            + "or REQUEST_SUPPLEMENT naming what is missing. Announces ApplicationApproved, ApplicationRejected or "
            + "SupplementRequested.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ReviewView.class)))
    @APIResponse(responseCode = "409", description = "Not claimed by the caller, or already decided",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Unknown reason code, or a rejection without reasons",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ReviewView decide(@PathParam("id") UUID id,
                             @NotNull(message = "a request body is required") @Valid DecisionRequest request) {
        return ReviewView.of(service.decide(id, request.toDecision(), caller.subject()));
    }

    @GET
    @Path("/reviews/{id}/audit")
    @RolesAllowed({Roles.REVIEWER, Roles.OPERATIONS, Roles.ADMIN})
    @Operation(summary = "The audit trail of one case: who did what, when and why")
    public List<AuditView> audit(@PathParam("id") UUID id) {
        return service.audit(id).stream().map(a -> new AuditView(a.action, a.actor, a.at, a.detail)).toList();
    }

    @GET
    @Path("/reviews/{id}/materials/{kind}")
    @Produces(MediaType.WILDCARD)
    @RolesAllowed({Roles.REVIEWER})
    @Operation(summary = "Open a material of the case (the photo, a scan)", description = "Fetched from the "
            + "registration service with the reviewer's own token, so registration applies its own access rules; "
            + "never cached. The console shows the photo through this.")
    @APIResponse(responseCode = "404", description = "No such case or material",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "200", description = "The file, with the content type it was stored with",
            content = @Content(mediaType = "application/octet-stream", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, format = "binary")))
    public jakarta.ws.rs.core.Response material(@PathParam("id") UUID id,
                                                @PathParam("kind") org.sscard.events.MaterialKind kind) {
        RegistrationMaterials.File file = materials.open(service.get(id).task().applicationId, kind.name(), jwt.getRawToken());
        return jakarta.ws.rs.core.Response.ok(file.content(), file.contentType())
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "private, no-store").build();
    }

    @GET
    @Path("/reasons")
    @RolesAllowed({Roles.APPLICANT, Roles.EMPLOYER, Roles.INTAKE_CLERK, Roles.REVIEWER, Roles.OUTLET_CLERK,
            Roles.OPERATIONS, Roles.ADMIN})
    @Operation(summary = "The reason catalogue, in Chinese and English",
            description = "The reasons a reviewer may choose; with retired=true (administrators) also retired ones.")
    public List<ReasonView> reasons(@QueryParam("retired") @DefaultValue("false") boolean retired) {
        return catalogue.entries(retired && caller.is(Roles.ADMIN)).stream().map(ReasonView::of).toList();
    }

    @PUT
    @Path("/reasons/{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a reason or change it", description = "Sets the Chinese and English words and whether "
            + "reviewers may choose it. Reasons automated checks give cannot be retired (409 REASON_BUILT_IN).")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ReasonView.class)))
    public ReasonView saveReason(@PathParam("code") @Pattern(regexp = "^[A-Z][A-Z0-9_]{1,39}$",
                                         message = "must be upper case letters, digits and underscores") String code,
                                 @NotNull(message = "a request body is required") @Valid ReasonView.Change change) {
        return ReasonView.of(catalogue.save(code, change.zh(), change.en(), change.active() == null || change.active(),
                caller.subject()));
    }
}
