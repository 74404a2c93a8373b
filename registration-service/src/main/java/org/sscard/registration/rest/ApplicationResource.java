package org.sscard.registration.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.PartType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.sscard.events.MaterialKind;
import org.sscard.platform.problem.DomainException;
import org.sscard.platform.rest.Problem;
import org.sscard.platform.security.Caller;
import org.sscard.platform.security.Roles;
import org.sscard.registration.domain.ApplicationForm;
import org.sscard.registration.domain.ApplicationStatus;
import org.sscard.registration.domain.ContactChange;
import org.sscard.registration.service.ApplicationService;
import org.sscard.registration.service.MaterialService;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Path("/api/v1/applications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Applications", description = "Applications for a social security card")
@SecurityRequirement(name = "jwt")
public class ApplicationResource {
    private final ApplicationService service;
    private final Caller caller;

    public ApplicationResource(ApplicationService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.APPLICANT, Roles.EMPLOYER, Roles.INTAKE_CLERK, Roles.ADMIN})
    @Operation(summary = "Submit an application", description = "Checks the request, applies one person one card, "
            + "records the application as SUBMITTED and announces ApplicationSubmitted.")
    @APIResponse(responseCode = "201", description = "Submitted; Location names the application",
            content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    @APIResponse(responseCode = "400", description = "Invalid request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The person already has an open application or a card",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response submit(@NotNull(message = "a request body is required") @Valid ApplicationForm request,
                           @Context UriInfo uri) {
        ApplicationView view = ApplicationView.of(service.submit(request, caller));
        return Response.created(uri.getAbsolutePathBuilder().path(view.id().toString()).build()).entity(view).build();
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({Roles.APPLICANT, Roles.EMPLOYER, Roles.INTAKE_CLERK, Roles.ADMIN})
    @Operation(summary = "Submit an application with its materials in one call",
            description = "Part `application` is the JSON form; every other part is a file named by its material kind "
                    + "(ID_FRONT, ID_BACK, PHOTO, ...). Refused with 422 MATERIALS_MISSING, listing them, when the "
                    + "category and age need more; nothing is kept when any part fails.")
    @APIResponse(responseCode = "201", description = "Submitted",
            content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    @APIResponse(responseCode = "422", description = "Materials missing, or the photo does not meet the spec",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response submitWithMaterials(
            @RestForm("application") @PartType(MediaType.APPLICATION_JSON)
            @NotNull(message = "the part 'application' with the JSON form is required") @Valid ApplicationForm request,
            @RestForm(FileUpload.ALL) List<FileUpload> files, @Context UriInfo uri) {
        Map<MaterialKind, byte[]> materials = new EnumMap<>(MaterialKind.class);
        for (FileUpload file : files) {
            if (!"application".equals(file.name())) {
                materials.put(kind(file.name()), Uploads.read(file));
            }
        }
        ApplicationView view = ApplicationView.of(service.submitWithMaterials(request, materials, caller));
        return Response.created(uri.getAbsolutePathBuilder().path(view.id().toString()).build()).entity(view).build();
    }

    @POST
    @Path("/drafts")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.APPLICANT, Roles.EMPLOYER, Roles.INTAKE_CLERK, Roles.ADMIN})
    @Operation(summary = "Start a draft", description = "Checked like a submission (fields, one person one card); "
            + "materials are then attached and the draft submitted with POST /{id}/submission.")
    @APIResponse(responseCode = "201", description = "A DRAFT; missingMaterials lists what submission will need",
            content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    public Response createDraft(@NotNull(message = "a request body is required") @Valid ApplicationForm request,
                                @Context UriInfo uri) {
        ApplicationView view = ApplicationView.of(service.createDraft(request, caller));
        return Response.created(uri.getBaseUriBuilder().path("api/v1/applications").path(view.id().toString()).build())
                .entity(view).build();
    }

    @POST
    @Path("/{id}/submission")
    @RolesAllowed({Roles.APPLICANT, Roles.EMPLOYER, Roles.INTAKE_CLERK, Roles.ADMIN})
    @Operation(summary = "Submit a draft", description = "Refused with 422 MATERIALS_MISSING while required "
            + "materials are missing; the problem lists each one.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    @APIResponse(responseCode = "409", description = "Not a draft",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Materials missing",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ApplicationView submitDraft(@PathParam("id") UUID id) {
        return ApplicationView.of(service.submitDraft(id, caller));
    }

    @PUT
    @Path("/{id}/materials/{kind}")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.APPLICANT, Roles.EMPLOYER, Roles.INTAKE_CLERK, Roles.ADMIN})
    @Operation(summary = "Attach a material", description = "The body is the file (JPEG, PNG or PDF; the type is "
            + "sniffed from the bytes, the Content-Type header is ignored). A PHOTO must meet the digital spec. "
            + "Replaces an earlier file of the same kind. Possible while the application is a DRAFT or review asked "
            + "for materials (SUPPLEMENT_REQUESTED).")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = MaterialView.class)))
    @APIResponse(responseCode = "413", description = "Larger than the limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Not a JPEG, PNG or PDF",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The photo does not meet the spec; the problem says how",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MaterialView attach(@PathParam("id") UUID id, @PathParam("kind") String kind, byte[] body) {
        return MaterialView.of(service.attachMaterial(id, kind(kind), body, caller));
    }

    @GET
    @Path("/{id}/materials/{kind}")
    @Produces(MediaType.WILDCARD)
    @RolesAllowed({Roles.APPLICANT, Roles.EMPLOYER, Roles.INTAKE_CLERK, Roles.REVIEWER, Roles.ADMIN})
    @Operation(summary = "Open a material", description = "The file with its sniffed content type; never cached.")
    public Response material(@PathParam("id") UUID id, @PathParam("kind") String kind) {
        MaterialService.Opened file = service.openMaterial(id, kind(kind), caller);
        return Response.ok(file.content(), file.contentType())
                .header("Content-Disposition", "inline")
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "private, no-store")
                .build();
    }

    private static MaterialKind kind(String name) {
        try {
            return MaterialKind.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid("UNKNOWN_MATERIAL_KIND", "'" + name.substring(0, Math.min(name.length(), 40))
                    + "' is not a material kind; use one of " + java.util.Arrays.toString(MaterialKind.values()));
        }
    }

    @PUT
    @Path("/{id}/contact")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.APPLICANT, Roles.EMPLOYER, Roles.INTAKE_CLERK, Roles.ADMIN})
    @Operation(summary = "Change how the applicant is reached",
            description = "Phone, e-mail, language and preferred channel, in any state of the application; a field "
                    + "left out stays as it is. The timeline records which fields changed and who changed them; "
                    + "after submission ContactChanged tells notification, whose next message uses the new details "
                    + "and which tells the previous phone or e-mail of the change.")
    @APIResponse(responseCode = "200", description = "Changed (or already so)",
            content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    @APIResponse(responseCode = "400", description = "Nothing to change, or a field breaks its rule (the EMAIL "
            + "channel needs an e-mail address)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such application, or not the caller's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ApplicationView changeContact(@PathParam("id") UUID id,
                                         @NotNull(message = "a request body is required") @Valid ContactChange change) {
        return ApplicationView.of(service.changeContact(id, change, caller));
    }

    /** Body of a withdrawal or a supplement: a short note for the record. */
    public record Note(@jakarta.validation.constraints.Size(max = 500) String note) {
    }

    @POST
    @Path("/{id}/withdrawal")
    @RolesAllowed({Roles.APPLICANT, Roles.EMPLOYER, Roles.INTAKE_CLERK, Roles.ADMIN})
    @Operation(summary = "Withdraw an application", description = "Possible until production starts (DRAFT, SUBMITTED, "
            + "UNDER_REVIEW, SUPPLEMENT_REQUESTED, APPROVED); announces ApplicationWithdrawn. The person may apply again.")
    @APIResponse(responseCode = "409", description = "Production has started, or it is already closed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "Withdrawn",
            content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    public ApplicationView withdraw(@PathParam("id") UUID id, @Valid Note body) {
        return ApplicationView.of(service.withdraw(id, body == null ? null : body.note(), caller));
    }

    /** The same without a note (no request body). */
    @POST
    @Path("/{id}/withdrawal")
    @RolesAllowed({Roles.APPLICANT, Roles.EMPLOYER, Roles.INTAKE_CLERK, Roles.ADMIN})
    @Operation(hidden = true)
    public ApplicationView withdrawWithoutNote(@PathParam("id") UUID id) {
        return ApplicationView.of(service.withdraw(id, null, caller));
    }

    @POST
    @Path("/{id}/supplement")
    @RolesAllowed({Roles.APPLICANT, Roles.EMPLOYER, Roles.INTAKE_CLERK, Roles.ADMIN})
    @Operation(summary = "Answer a supplement request", description = "The application goes back to review "
            + "(SupplementProvided). Materials themselves are attached through the materials endpoints once they exist.")
    @APIResponse(responseCode = "409", description = "No supplement was requested",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "Answered: back to review",
            content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    public ApplicationView supplement(@PathParam("id") UUID id, @Valid Note body) {
        return ApplicationView.of(service.supplement(id, body == null ? null : body.note(), caller));
    }

    /** The same without a note (no request body). */
    @POST
    @Path("/{id}/supplement")
    @RolesAllowed({Roles.APPLICANT, Roles.EMPLOYER, Roles.INTAKE_CLERK, Roles.ADMIN})
    @Operation(hidden = true)
    public ApplicationView supplementWithoutNote(@PathParam("id") UUID id) {
        return ApplicationView.of(service.supplement(id, null, caller));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.APPLICANT, Roles.EMPLOYER, Roles.INTAKE_CLERK, Roles.REVIEWER, Roles.OUTLET_CLERK,
            Roles.OPERATIONS, Roles.ADMIN})
    @Operation(summary = "One application with its status and timeline",
            description = "Applicants and employers see only their own; another's answers 404.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    @APIResponse(responseCode = "404", description = "No such application, or not yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ApplicationView getApplication(@PathParam("id") UUID id) {
        return ApplicationView.of(service.get(id, caller));
    }

    @GET
    @RolesAllowed({Roles.APPLICANT, Roles.EMPLOYER, Roles.INTAKE_CLERK, Roles.REVIEWER, Roles.OUTLET_CLERK,
            Roles.OPERATIONS, Roles.ADMIN})
    @Operation(summary = "List applications", description = "Applicants and employers get their own, newest first; "
            + "staff search by exact ID number, employer and status. The timeline is left out of lists.")
    public List<ApplicationView> listApplications(
            @Parameter(description = "Staff only: exact citizen ID number") @QueryParam("idNumber") String idNumber,
            @Parameter(description = "Staff only: the employer's credit code") @QueryParam("employerId") String employerId,
            @QueryParam("status") ApplicationStatus status,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100000) int page,
            @QueryParam("size") @Min(1) @Max(500) Integer size) {
        return service.list(caller, caller.isStaff() ? idNumber : null, caller.isStaff() ? employerId : null, status,
                page, size).stream()
                .map(ApplicationView::of).toList();
    }
}
