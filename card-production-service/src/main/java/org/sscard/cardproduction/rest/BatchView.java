package org.sscard.cardproduction.rest;

import org.sscard.cardproduction.domain.PrintBatch;

import java.time.Instant;
import java.util.UUID;

/** A print batch and its progress. */
public record BatchView(UUID id, String outletCode, String regionCode, String status, int cardCount,
                        int printedCount, int failedCount, Instant createdAt, Instant closedAt, String closeReason,
                        Instant doneAt) {
    public static BatchView of(PrintBatch b) {
        return new BatchView(b.id, b.outletCode, b.regionCode, b.status.name(), b.cardCount, b.printedCount,
                b.failedCount, b.createdAt, b.closedAt, b.closeReason, b.doneAt);
    }
}
