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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sscard.notification.domain.Issuance;
import org.sscard.notification.service.MessageTemplates;
import org.sscard.notification.service.ServiceLevels;
import org.sscard.platform.problem.DomainException;
import org.sscard.platform.security.Caller;
import org.sscard.platform.security.Roles;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** How long a card takes: the applicant's ETA, and the cases past their service level for operations. */
@Path("/api/v1/service-levels")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Service levels", description = "The issuance of a card against its service level: ETA and overdue cases")
@SecurityRequirement(name = "jwt")
public class ServiceLevelResource {
    private final ServiceLevels levels;
    private final Caller caller;
    private final Clock clock;

    public ServiceLevelResource(ServiceLevels levels, Caller caller, Clock clock) {
        this.levels = levels;
        this.caller = caller;
        this.clock = clock;
    }

    @Schema(name = "Issuance", description = "A new card or a replacement on its way, against its service level")
    public record IssuanceView(
            @Schema(description = "NEW_CARD or REPLACEMENT") String kind,
            UUID applicationId,
            @Schema(description = "The replacement's new card, masked; null for a new card") String maskedCardNumber,
            Instant startedAt,
            @Schema(description = "When the card should be ready for collection: the ETA shown to the applicant")
            Instant expectedBy,
            @Schema(description = "The service level: the case is overdue after this") Instant dueBy,
            @Schema(description = "Waiting for the applicant's materials since (the clock stands still)")
            Instant waitingForApplicantSince,
            Instant endedAt,
            @Schema(description = "ON_TRACK, LATE (past the ETA), OVERDUE (past the service level), "
                    + "WAITING_FOR_APPLICANT, MET, MISSED, or ENDED (rejected or withdrawn: no card due)")
            String state,
            @Schema(description = "Seconds past dueBy while overdue, otherwise 0") long overdueSeconds) {

        static IssuanceView of(Issuance i, Instant now) {
            String state = i.state(now);
            return new IssuanceView(i.kind, i.applicationId,
                    i.cardNumber == null ? null : MessageTemplates.maskCard(i.cardNumber), i.startedAt, i.expectedAt, i.dueAt,
                    i.pausedAt, i.endedAt, state,
                    "OVERDUE".equals(state) ? Duration.between(i.dueAt, now).toSeconds() : 0);
        }
    }

    @GET
    @RolesAllowed({Roles.APPLICANT, Roles.EMPLOYER, Roles.INTAKE_CLERK, Roles.REVIEWER, Roles.OUTLET_CLERK,
            Roles.OPERATIONS, Roles.ADMIN})
    @Operation(summary = "When the card of an application will be ready", description = "The new card and any "
            + "replacement of the application, oldest first, with the ETA and the service level. Applicants see the "
            + "applications they hold (verified identity), employers those they applied for; anyone else gets an "
            + "empty list.")
    public List<IssuanceView> forApplication(@QueryParam("applicationId") UUID applicationId) {
        if (applicationId == null) {
            throw DomainException.invalid("APPLICATION_ID_REQUIRED", "Give applicationId");
        }
        Instant now = clock.instant();
        return levels.forApplication(applicationId, caller).stream().map(i -> IssuanceView.of(i, now)).toList();
    }

    @GET
    @Path("/overdue")
    @RolesAllowed({Roles.OPERATIONS, Roles.ADMIN})
    @Operation(summary = "Issuances past their service level", description = "Cards not ready for collection by "
            + "their due time and not waiting for the applicant, most overdue first.")
    public List<IssuanceView> overdue(@QueryParam("size") @DefaultValue("100") @Min(1) @Max(1000) int size) {
        Instant now = clock.instant();
        return levels.overdue(size).stream().map(i -> IssuanceView.of(i, now)).toList();
    }
}
