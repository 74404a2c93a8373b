package org.sscard.cardproduction.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import org.sscard.cardproduction.printer.Printer;

import java.util.List;
import java.util.UUID;

/** Closes batches that are old enough and sends closed batches to the printer, one transaction per batch. */
@ApplicationScoped
public class BatchScheduler {
    private static final Logger LOG = Logger.getLogger(BatchScheduler.class);
    /** How long a batch may stay PRINTING without a report before it is sent again. */
    static final java.time.Duration PRINT_TIMEOUT = java.time.Duration.ofMinutes(2);
    private final ProductionService production;
    private final Printer printer;
    private final java.time.Clock clock;

    public BatchScheduler(ProductionService production, Printer printer, java.time.Clock clock) {
        this.production = production;
        this.printer = printer;
        this.clock = clock;
    }

    @Scheduled(every = "${sscard.production.batch-check-interval}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            production.closeAgedBatches();
        } catch (RuntimeException e) {
            LOG.warnf("Closing aged batches failed, will retry on the next run: %s", e.getClass().getSimpleName());
        }
        List<UUID> due = new java.util.ArrayList<>(production.closedBatches());
        // a batch sent but never reported (the service died, the vendor did not answer) is sent again
        due.addAll(production.printingStuckSince(clock.instant().minus(PRINT_TIMEOUT)));
        for (UUID batch : due) {
            try {
                Printer.Job job = production.startPrinting(batch);
                if (job != null) {
                    production.recordOutcomes(batch, printer.print(job));
                }
            } catch (RuntimeException e) {
                // one failing batch must not hold up the others; it is retried after the print timeout
                LOG.warnf("Printing batch %s failed, will retry: %s", batch, e.getClass().getSimpleName());
            }
        }
    }
}
