package org.sscard.review.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sscard.events.Payloads;

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
}
