package org.sscard.cardproduction.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/** Cards printed together: one issuing region and collection outlet, closed by size or by age. */
@Entity
@Table(name = "print_batch")
public class PrintBatch {
    @Id
    public UUID id;
    @Column(name = "outlet_code")
    public String outletCode;
    @Column(name = "region_code")
    public String regionCode;
    @Enumerated(EnumType.STRING)
    public BatchStatus status;
    @Column(name = "card_count")
    public int cardCount;
    @Column(name = "printed_count")
    public int printedCount;
    @Column(name = "failed_count")
    public int failedCount;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "closed_at")
    public Instant closedAt;
    @Column(name = "close_reason")
    public String closeReason;
    @Column(name = "print_attempts")
    public int printAttempts;
    @Column(name = "printing_since")
    public Instant printingSince;
    @Column(name = "done_at")
    public Instant doneAt;
    @Version
    public long version;

    /** A new batch for the cards of {@code outletCode}, taking cards from {@code now}. */
    public static PrintBatch open(String outletCode, String regionCode, Instant now) {
        PrintBatch b = new PrintBatch();
        b.id = UUID.randomUUID();
        b.outletCode = outletCode;
        b.regionCode = regionCode;
        b.status = BatchStatus.OPEN;
        b.createdAt = now;
        return b;
    }

    /** Puts {@code card} in this open batch; true when the batch is now full ({@code maxSize}) and has closed. */
    public boolean take(Card card, int maxSize, Instant now) {
        require(BatchStatus.OPEN);
        card.batchId = id;
        cardCount++;
        if (cardCount >= maxSize) {
            close("SIZE", now);
            return true;
        }
        return false;
    }

    /** Stops taking cards, by size or by age ({@code reason}); the batch waits for the printer. */
    public void close(String reason, Instant now) {
        moveTo(BatchStatus.CLOSED);
        closedAt = now;
        closeReason = reason;
    }

    /** The printer's report is recorded: every card of the batch is printed or failed. */
    public void done(Instant now) {
        moveTo(BatchStatus.DONE);
        doneAt = now;
    }

    /**
     * Takes the print lease of the batch: a closed batch, or one whose last sending went unreported for
     * {@code printTimeout}, is sent (again) from {@code now}. False while another sending's lease runs, so two
     * instances never send the same batch at the same time.
     */
    public boolean leaseForPrinting(Instant now, java.time.Duration printTimeout) {
        boolean due = status == BatchStatus.CLOSED || (status == BatchStatus.PRINTING
                && (printingSince == null || !printingSince.plus(printTimeout).isAfter(now)));
        if (!due) {
            return false;
        }
        moveTo(BatchStatus.PRINTING);
        printingSince = now;
        printAttempts++;
        return true;
    }

    public boolean is(BatchStatus wanted) {
        return status == wanted;
    }

    private void require(BatchStatus wanted) {
        if (status != wanted) {
            throw new IllegalStateException("batch " + id + " is " + status + ", not " + wanted);
        }
    }

    /** Moves along the table of {@link BatchStatus}; anything else is a bug of the caller, not a user's conflict. */
    private void moveTo(BatchStatus next) {
        if (!status.canMoveTo(next)) {
            throw new IllegalStateException("batch " + id + " cannot go from " + status + " to " + next);
        }
        status = next;
    }
}
