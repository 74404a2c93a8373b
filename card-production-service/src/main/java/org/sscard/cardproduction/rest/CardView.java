package org.sscard.cardproduction.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sscard.cardproduction.domain.Card;
import org.sscard.platform.id.CitizenIdNumber;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

@Schema(description = "A card; the holder's ID number is masked and the PIN never leaves the service")
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
        Instant collectedAt,
        @Schema(description = "HOLDER, PROXY or EMPLOYER") String collectionMode,
        @Schema(description = "Failed print attempts exhausted: an operator must act") boolean printFlagged,
        @Schema(description = "Not collected within the collection deadline") boolean collectionOverdue,
        @Schema(description = "Reminders to collect sent since it became ready at its outlet") int collectionReminders,
        @Schema(description = "When it went back to the issuing centre uncollected (status RETURNED)") Instant returnedAt,
        Instant activatedAt,
        Instant bankActivatedAt,
        boolean pinSet,
        @Schema(description = "Consecutive wrong PINs; the card locks at the configured limit") int pinFailedAttempts,
        Instant temporaryLossUntil,
        String replacesCardNumber,
        String replacedByCardNumber,
        String replacementReason,
        @Schema(description = "Fee in yuan of this card (replacements and exchanges)") int fee,
        Instant cancelledAt,
        String cancellationReason) {

    public static CardView of(Card c) {
        return new CardView(c.cardNumber, c.identificationCode, c.applicationId, c.status.name(), c.name,
                CitizenIdNumber.mask(c.idNumber), c.outletCode, c.regionCode, c.batchId, c.issueDate, c.expiryDate,
                c.printedAt, c.readyAt, c.collectedAt, c.collectionMode == null ? null : c.collectionMode.name(),
                c.printFlagged, c.collectionOverdueAt != null, c.collectionReminders, c.returnedAt, c.activatedAt, c.bankActivatedAt, c.pinHash != null,
                c.pinFailedAttempts, c.tempLossUntil, c.replacesCardNumber, c.replacedByCardNumber,
                c.replacementReason, c.fee, c.cancelledAt, c.cancellationReason);
    }
}
