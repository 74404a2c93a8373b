package org.sscard.registration.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sscard.platform.security.Caller;
import org.sscard.platform.security.Roles;
import org.sscard.registration.service.EmployerService;

@Path("/api/v1/employers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Employers", description = "Units registered for social insurance, which apply for their staff")
@SecurityRequirement(name = "jwt")
public class EmployerResource {
    private final EmployerService employers;
    private final Caller caller;

    public EmployerResource(EmployerService employers, Caller caller) {
        this.employers = employers;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.INTAKE_CLERK, Roles.ADMIN})
    @Operation(summary = "Register an employer", description = "Checks the unified social credit code (GB 32100). "
            + "The employer then authenticates with the credit code as its subject.")
    public Response register(@NotNull(message = "a request body is required") @Valid EmployerViews.Registration body,
                             @Context UriInfo uri) {
        EmployerViews.View v = EmployerViews.View.of(employers.register(body.creditCode(), body.name(), body.contactName(),
                body.contactPhone(), caller));
        return Response.created(uri.getAbsolutePathBuilder().path(v.creditCode()).build()).entity(v).build();
    }

    @GET
    @Path("/{creditCode}")
    @RolesAllowed({Roles.EMPLOYER, Roles.INTAKE_CLERK, Roles.REVIEWER, Roles.OPERATIONS, Roles.ADMIN})
    @Operation(summary = "One employer (an employer sees only itself)")
    public EmployerViews.View getEmployer(@PathParam("creditCode") String creditCode) {
        return EmployerViews.View.of(employers.get(creditCode, caller));
    }
}
