package org.sscard.notification.rest;

import io.smallrye.mutiny.Multi;
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
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.sscard.notification.service.ConsumerLag;
import org.sscard.notification.service.DashboardFigures;
import org.sscard.notification.service.DashboardService;
import org.sscard.notification.service.EventStream;
import org.sscard.platform.security.Roles;

import java.util.List;

@Path("/api/v1")
@Tag(name = "Operations", description = "The event flow, for operations staff")
@SecurityRequirement(name = "jwt")
@RolesAllowed({Roles.OPERATIONS, Roles.ADMIN})
public class DashboardResource {
    private final EventStream stream;
    private final DashboardService dashboard;
    private final ConsumerLag lag;

    public DashboardResource(EventStream stream, DashboardService dashboard, ConsumerLag lag) {
        this.stream = stream;
        this.dashboard = dashboard;
        this.lag = lag;
    }

    @GET
    @Path("/events/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live stream of events (Server-Sent Events), each pushed once its record is committed")
    public Multi<EventView> live() {
        return stream.events().map(EventView::of);
    }

    @GET
    @Path("/dashboard/stats")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Counts per event type and hour (last 24 h), the funnel by stage with step durations, stuck applications")
    public DashboardFigures.Stats stats() {
        return dashboard.stats();
    }

    @GET
    @Path("/dashboard/dead-letters")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Messages on the dead-letter topics, newest first, with their reasons (payloads are not kept)")
    public List<DashboardViews.DeadLetterView> deadLetters(@QueryParam("size") @DefaultValue("100") @Min(1) @Max(1000) int size) {
        return dashboard.deadLetters(size).stream().map(DashboardViews.DeadLetterView::of).toList();
    }

    @GET
    @Path("/dashboard/lag")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Consumer lag per service and topic")
    public List<DashboardFigures.Lag> lag() {
        return lag.lag();
    }
}
