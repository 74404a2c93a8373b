package org.sscard.notification.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sscard.notification.service.NotificationService;
import org.sscard.platform.security.Caller;
import org.sscard.platform.security.Roles;

import java.util.List;
import java.util.UUID;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class NotificationResource {
    private final NotificationService service;
    private final Caller caller;

    public NotificationResource(NotificationService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Path("/notifications")
    @RolesAllowed({Roles.APPLICANT, Roles.EMPLOYER, Roles.INTAKE_CLERK, Roles.REVIEWER, Roles.OUTLET_CLERK,
            Roles.OPERATIONS, Roles.ADMIN})
    @Tag(name = "Notifications", description = "Messages to applicants about each step")
    @Operation(summary = "Messages, in the order the steps happened", description = "Applicants get only their own (optionally of one "
            + "application); staff give applicationId.")
    public List<NotificationView> listNotifications(@QueryParam("applicationId") UUID applicationId,
                                       @QueryParam("size") @DefaultValue("100") @Min(1) @Max(500) int size) {
        return service.list(caller, applicationId, size).stream().map(NotificationView::of).toList();
    }

    @GET
    @Path("/events")
    @RolesAllowed({Roles.OPERATIONS, Roles.ADMIN})
    @Tag(name = "Operations", description = "The event flow, for operations staff")
    @Operation(summary = "Events of the journey", description = "With applicationId: that application's whole event "
            + "history across services, in order. Without: the most recent events.")
    public List<EventView> events(@QueryParam("applicationId") UUID applicationId,
                                  @QueryParam("size") @DefaultValue("100") @Min(1) @Max(1000) int size) {
        return service.events(applicationId == null ? null : applicationId.toString(), size).stream().map(EventView::of).toList();
    }
}
