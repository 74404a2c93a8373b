package org.sscard.cardproduction.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A print batch's life on the aggregate alone: open, full, sent under a lease, re-sent after a timeout, done. */
class PrintBatchTest {
    static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");
    static final Duration PRINT_TIMEOUT = Duration.ofMinutes(10);

    @Test
    void aBatchTakesCardsUntilFullThenWaitsForThePrinter() {
        PrintBatch b = PrintBatch.open("110105-001", "110105", T0);
        Card first = new Card();
        assertFalse(b.take(first, 2, T0));
        assertEquals(b.id, first.batchId);
        assertTrue(b.take(new Card(), 2, T0.plusSeconds(1)));
        assertTrue(b.is(BatchStatus.CLOSED));
        assertEquals("SIZE", b.closeReason);
        assertThrows(IllegalStateException.class, () -> b.take(new Card(), 2, T0), "a closed batch takes no card");
    }

    @Test
    void aSendingHoldsItsLeaseUntilThePrintTimeoutAndIsThenSentAgain() {
        PrintBatch b = PrintBatch.open("110105-001", "110105", T0);
        assertFalse(b.leaseForPrinting(T0, PRINT_TIMEOUT), "an open batch is not sent");
        b.close("TIME", T0);
        assertTrue(b.leaseForPrinting(T0, PRINT_TIMEOUT));
        assertFalse(b.leaseForPrinting(T0.plus(PRINT_TIMEOUT).minusSeconds(1), PRINT_TIMEOUT), "the lease runs");
        assertTrue(b.leaseForPrinting(T0.plus(PRINT_TIMEOUT), PRINT_TIMEOUT), "no report in time: sent again");
        assertEquals(2, b.printAttempts);
        b.done(T0.plus(PRINT_TIMEOUT).plusSeconds(5));
        assertFalse(b.leaseForPrinting(T0.plus(Duration.ofHours(1)), PRINT_TIMEOUT), "a done batch is never sent");
    }

    @Test
    void onlyTheTableOfBatchStatusMovesABatch() {
        PrintBatch b = PrintBatch.open("110105-001", "110105", T0);
        assertThrows(IllegalStateException.class, () -> b.done(T0), "not printed yet");
        b.close("TIME", T0);
        assertThrows(IllegalStateException.class, () -> b.close("TIME", T0), "closed once");
        for (BatchStatus s : BatchStatus.values()) {
            assertEquals(s == BatchStatus.PRINTING, BatchStatus.CLOSED.canMoveTo(s), s.name());
        }
    }
}
