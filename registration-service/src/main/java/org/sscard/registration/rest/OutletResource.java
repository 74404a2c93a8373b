package org.sscard.registration.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sscard.platform.problem.DomainException;
import org.sscard.platform.rest.Problem;
import org.sscard.platform.security.Caller;
import org.sscard.platform.security.Roles;
import org.sscard.registration.service.OutletService;

import java.util.List;

@Path("/api/v1/outlets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Outlets", description = "The registry of collection outlets, where cards are collected; "
        + "maintained by administrators")
@SecurityRequirement(name = "jwt")
public class OutletResource {
    private final OutletService outlets;
    private final Caller caller;

    public OutletResource(OutletService outlets, Caller caller) {
        this.outlets = outlets;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.APPLICANT, Roles.EMPLOYER, Roles.INTAKE_CLERK, Roles.REVIEWER, Roles.OUTLET_CLERK,
            Roles.OPERATIONS, Roles.ADMIN})
    @Operation(summary = "The outlets an application may name", description = "Open outlets in code order, of one "
            + "issuing region or all. Administrators may include the closed ones.")
    public List<OutletViews.View> listOutlets(@QueryParam("region") String region,
                                       @QueryParam("includeClosed") @DefaultValue("false") boolean includeClosed) {
        if (region != null && !region.matches("^\\d{6}$")) {
            throw DomainException.invalid("REGION_CODE_INVALID", "region must be a six-digit region code");
        }
        if (includeClosed && !caller.is(Roles.ADMIN) && !caller.is(Roles.OPERATIONS)) {
            throw DomainException.forbidden("CLOSED_OUTLETS_FOR_STAFF", "Only administrators and operations list closed outlets");
        }
        return outlets.list(region, includeClosed).stream().map(OutletViews.View::of).toList();
    }

    @GET
    @Path("/{code}")
    @RolesAllowed({Roles.APPLICANT, Roles.EMPLOYER, Roles.INTAKE_CLERK, Roles.REVIEWER, Roles.OUTLET_CLERK,
            Roles.OPERATIONS, Roles.ADMIN})
    @Operation(summary = "One outlet, open or closed")
    @APIResponse(responseCode = "404", description = "No such outlet",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "200", description = "The outlet",
            content = @Content(schema = @Schema(implementation = OutletViews.View.class)))
    public OutletViews.View getOutlet(@PathParam("code") String code) {
        return OutletViews.View.of(outlets.get(code));
    }

    @PUT
    @Path("/{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN})
    @Operation(summary = "Register or change an outlet", description = "Creates the outlet (201) or changes it (200). "
            + "The region is the code's first six digits. Closing an outlet (open: false) keeps the applications and "
            + "cards it has; new applications cannot name it. Every change is recorded with who made it.")
    @APIResponse(responseCode = "200", description = "Changed",
            content = @Content(schema = @Schema(implementation = OutletViews.View.class)))
    @APIResponse(responseCode = "201", description = "Registered",
            content = @Content(schema = @Schema(implementation = OutletViews.View.class)))
    public Response save(@PathParam("code") @Pattern(regexp = "^\\d{6}-[A-Z0-9]{1,10}$",
                                 message = "must be a region code and outlet number, e.g. 110105-001") String code,
                         @NotNull(message = "a request body is required") @Valid OutletViews.Request body,
                         @Context UriInfo uri) {
        OutletService.Saved saved = outlets.save(code, body.details(), caller);
        OutletViews.View view = OutletViews.View.of(saved.outlet());
        return saved.created() ? Response.created(uri.getAbsolutePath()).entity(view).build() : Response.ok(view).build();
    }

    @GET
    @Path("/{code}/changes")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATIONS})
    @Operation(summary = "Who changed the outlet, and what (newest first, at most 100)")
    public List<OutletViews.Change> changes(@PathParam("code") String code) {
        return outlets.changes(code).stream().map(OutletViews.Change::of).toList();
    }
}
