package org.sscard.review.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sscard.events.Payloads;
import org.sscard.platform.id.CitizenIdNumber;
import org.sscard.review.domain.ReviewStatus;
import org.sscard.review.domain.ReviewTask;
import org.sscard.review.service.ReviewService;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Schema(description = "A review case. The full ID number is shown only on a single case, to the reviewer checking it.")
public record ReviewView(
        UUID id,
        UUID applicationId,
        @Schema(example = "OPEN") String status,
        String category,
        String channel,
        String name,
        @Schema(description = "Full ID number (single-case view only)") String idNumber,
        @Schema(example = "110***********002X") String maskedIdNumber,
        String outletCode,
        String regionCode,
        Instant submittedAt,
        @Schema(description = "Decision due by (SLA, working days from submission)") Instant dueAt,
        @Schema(description = "ON_TRACK, NEARLY_DUE or OVERDUE while undecided") String slaState,
        String claimedBy,
        Instant claimExpiresAt,
        String outcome,
        List<Payloads.Reason> reasons,
        String comment,
        String decidedBy,
        Instant decidedAt,
        @Schema(description = "Automated pre-check results (single-case view only)") List<Check> checks,
        @Schema(description = "Materials registration reported: kind, sniffed type, size, SHA-256, photo facts "
                + "(single-case view only; open one with GET /api/v1/reviews/{id}/materials/{kind})")
        List<Payloads.MaterialInfo> materials) {

    public record Check(String check, boolean passed, boolean fixable, String reasonCode, String detail) {
    }

    /** The one mapping of a case to its view: the full ID number only in the single-case view. */
    public static ReviewView of(ReviewService.ReviewCase c) {
        ReviewTask t = c.task();
        boolean lapsed = c.claimLapsed();
        return new ReviewView(t.id, t.applicationId, lapsed ? ReviewStatus.OPEN.name() : t.status.name(),
                t.category, t.channel, t.name, c.full() ? t.idNumber : null, CitizenIdNumber.mask(t.idNumber),
                t.outletCode, t.regionCode, t.submittedAt, t.dueAt, c.sla() == null ? null : c.sla().name(),
                lapsed ? null : t.claimedBy, lapsed ? null : t.claimExpiresAt,
                t.outcome == null ? null : t.outcome.name(), c.reasons(), t.comment, t.decidedBy, t.decidedAt,
                c.checks() == null ? null : c.checks().stream()
                        .map(k -> new Check(k.check, k.passed, k.fixable, k.reasonCode, k.detail)).toList(),
                c.materials());
    }
}
