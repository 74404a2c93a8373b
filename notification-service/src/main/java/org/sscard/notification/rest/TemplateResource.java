package org.sscard.notification.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sscard.notification.service.TemplateService;
import org.sscard.platform.security.Caller;
import org.sscard.platform.security.Roles;

import java.util.List;

@Path("/api/v1/templates")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Templates", description = "The words of each message, per event and language, as versioned data")
@SecurityRequirement(name = "jwt")
public class TemplateResource {
    private final TemplateService templates;
    private final Caller caller;

    public TemplateResource(TemplateService templates, Caller caller) {
        this.templates = templates;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.OPERATIONS})
    @Operation(summary = "Every version of every template, or of one event type")
    public List<TemplateViews.Version> listTemplates(@QueryParam("eventType") String eventType) {
        return templates.list(eventType).stream().map(TemplateViews.Version::of).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN})
    @Operation(summary = "Add a version (inactive until activated)")
    public Response create(@NotNull(message = "a request body is required") @Valid TemplateViews.NewVersion body,
                           @Context UriInfo uri) {
        TemplateViews.Version v = TemplateViews.Version.of(templates.create(body.eventType(), body.language(), body.title(),
                body.body(), caller.subject()));
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(v.id())).build()).entity(v).build();
    }

    @POST
    @Path("/{id}/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN})
    @Operation(summary = "Render a version with sample values (and any given ones) before using it")
    public TemplateViews.Preview preview(@PathParam("id") long id, @Valid TemplateViews.PreviewRequest body) {
        return TemplateViews.Preview.of(templates.preview(id, body == null ? null : body.values()));
    }

    @POST
    @Path("/{id}/activation")
    @RolesAllowed({Roles.ADMIN})
    @Operation(summary = "Use this version from now on for its event type and language")
    public TemplateViews.Version activate(@PathParam("id") long id) {
        return TemplateViews.Version.of(templates.activate(id));
    }
}
