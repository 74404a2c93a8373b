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
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.sscard.notification.domain.DeadLetter;
import org.sscard.notification.repository.DeadLetterRepository;
import org.sscard.notification.service.DeadLetterService;
import org.sscard.platform.audit.OperationsAudit;
import org.sscard.platform.problem.DomainException;
import org.sscard.platform.rest.ProblemMappers;
import org.sscard.platform.security.Caller;
import org.sscard.platform.security.Roles;

import java.util.List;

/** The dead letters of every service, for operations staff: find them, replay them, discard them. */
@Path("/api/v1/dead-letters")
@Tag(name = "Operations", description = "The event flow, for operations staff")
@SecurityRequirement(name = "jwt")
@RolesAllowed({Roles.OPERATIONS, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {
    static final String TOPIC = "sscard\\.[a-z0-9.-]{1,150}";
    static final String CAUSE = "[A-Z_]{3,40}";

    /** A note for the audit. */
    public record Note(@Size(max = 500) @Schema(description = "What was fixed, for the audit") String note) {
    }

    /** Why a dead letter is set aside for good. */
    public record Discard(@NotBlank @Size(max = 500) @Schema(description = "Why it is discarded, for the audit",
            example = "a test message") String reason) {
    }

    /** Which open dead letters to replay: at least one of the three. */
    public record BulkReplayRequest(
            @Pattern(regexp = TOPIC) @Schema(description = "the dead-letter topic", example = "sscard.dlq.registration-service") String topic,
            @Pattern(regexp = TOPIC) @Schema(description = "the topic they came from", example = "sscard.reviews") String originalTopic,
            @Pattern(regexp = CAUSE) @Schema(description = "the cause", example = "HANDLER_FAILED") String cause,
            @Size(max = 500) @Schema(description = "What was fixed, for the audit") String note) {
    }

    /** A dead letter with every action taken on it. */
    public record Detail(DashboardViews.DeadLetterView deadLetter, List<OperationsAudit.Entry> actions) {
    }

    private final DeadLetterService service;
    private final Caller caller;

    public DeadLetterResource(DeadLetterService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Dead letters of every service, newest first, by status, topic, original topic and cause "
            + "(payloads stay on the dead-letter topics)")
    public List<DashboardViews.DeadLetterView> search(
            @QueryParam("status") DeadLetter.Status status,
            @QueryParam("topic") @Pattern(regexp = TOPIC) String topic,
            @QueryParam("originalTopic") @Pattern(regexp = TOPIC) String originalTopic,
            @QueryParam("cause") @Pattern(regexp = CAUSE) String cause,
            @QueryParam("size") @DefaultValue("100") @Min(1) @Max(1000) int size) {
        return service.search(new DeadLetterRepository.Filter(status, topic, originalTopic, cause), size).stream()
                .map(DashboardViews.DeadLetterView::of).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One dead letter and the actions taken on it (who, when, what, why)")
    public Detail getDeadLetter(@PathParam("id") long id) {
        return new Detail(DashboardViews.DeadLetterView.of(service.get(id)), service.actions(id));
    }

    @POST
    @Path("/{id}/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sends an open dead letter back to its original topic with its key, value and event id: the "
            + "consumer that failed handles it now, the others skip it. 409 when already replayed or discarded, 410 "
            + "when the dead-letter topic no longer holds it, 503 while Kafka is unavailable")
    public DashboardViews.DeadLetterView replay(@PathParam("id") long id, @Valid Note note) {
        return DashboardViews.DeadLetterView.of(service.replay(id, caller.subject(), note == null ? null : note.note()));
    }

    @POST
    @Path("/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replays the open dead letters of one dead-letter topic, original topic or cause (at most "
            + DeadLetterService.BULK_LIMIT + " a call), oldest first")
    public DeadLetterService.BulkReplay replayAll(@Valid @NotNull BulkReplayRequest request) {
        if (request.topic() == null && request.originalTopic() == null && request.cause() == null) {
            throw DomainException.invalid("FILTER_REQUIRED", "Name a topic, an original topic or a cause");
        }
        return service.replayAll(new DeadLetterRepository.Filter(null, request.topic(), request.originalTopic(),
                request.cause()), caller.subject(), request.note());
    }

    @POST
    @Path("/{id}/discard")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sets an open dead letter aside for good, with the reason. 409 when already replayed or discarded")
    public DashboardViews.DeadLetterView discard(@PathParam("id") long id, @Valid @NotNull Discard discard) {
        return DashboardViews.DeadLetterView.of(service.discard(id, caller.subject(), discard.reason().trim()));
    }

    @ServerExceptionMapper
    public Response alreadyResolved(DeadLetter.AlreadyResolved e, UriInfo uri) {
        return ProblemMappers.response(409, "DEAD_LETTER_RESOLVED", e.getMessage(), uri.getRequestUri().getPath(),
                List.of());
    }
}
