package org.sscard.cardproduction.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sscard.cardproduction.domain.Card;
import org.sscard.platform.id.CitizenIdNumber;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

@Schema(description = "A card; the holder's ID number is masked")
public record CardView(
        @Schema(example = "A1B2C3D4E") String cardNumber,
        @Schema(description = "32 characters: issuing region + D156000005 + 16 hex") String identificationCode,
        UUID applicationId,
        @Schema(example = "READY_FOR_COLLECTION") String status,
        String name,
        @Schema(example = "110***********002X") String maskedIdNumber,
        String outletCode,
        String regionCode,
        UUID batchId,
        LocalDate issueDate,
        LocalDate expiryDate,
        Instant printedAt,
        Instant readyAt,
        Instant collectedAt) {

    public static CardView of(Card c) {
        return new CardView(c.cardNumber, c.identificationCode, c.applicationId, c.status.name(), c.name,
                CitizenIdNumber.mask(c.idNumber), c.outletCode, c.regionCode, c.batchId, c.issueDate, c.expiryDate,
                c.printedAt, c.readyAt, c.collectedAt);
    }
}
