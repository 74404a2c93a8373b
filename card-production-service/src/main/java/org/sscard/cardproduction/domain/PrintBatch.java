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
        status = BatchStatus.PRINTING;
        printingSince = now;
        printAttempts++;
        return true;
    }
}
