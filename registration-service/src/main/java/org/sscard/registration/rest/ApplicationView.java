package org.sscard.registration.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sscard.events.Payloads;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Schema(description = "An application with its current status and timeline; the ID number is masked")
public record ApplicationView(
        UUID id,
        @Schema(description = "Current state (domain.md section 3)", example = "SUBMITTED") String status,
        String category,
        String channel,
        String name,
        @Schema(example = "110***********002X") String maskedIdNumber,
        String outletCode,
        String regionCode,
        @Schema(description = "Card number once production has assigned one") String cardNumber,
        @Schema(description = "Reasons of a rejection or supplement request, in words") List<Payloads.Reason> reasons,
        Instant createdAt,
        Instant updatedAt,
        List<TimelineItem> timeline) {

    @Schema(description = "One step of the journey, from the event that announced it")
    public record TimelineItem(String event, String producer, Instant at, String note) {
    }
}
