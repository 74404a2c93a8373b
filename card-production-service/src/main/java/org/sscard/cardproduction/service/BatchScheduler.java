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
    private final ProductionService production;
    private final Printer printer;
    private final java.time.Clock clock;
    private final org.sscard.cardproduction.config.ProductionConfig config;

    public BatchScheduler(ProductionService production, Printer printer, java.time.Clock clock,
                          org.sscard.cardproduction.config.ProductionConfig config) {
        this.production = production;
        this.printer = printer;
        this.clock = clock;
        this.config = config;
    }

    /** The schedule's identity, by which it can be paused (a test that drives batches itself does). */
    public static final String IDENTITY = "print-batches";

    @Scheduled(identity = IDENTITY, every = "${sscard.production.batch-check-interval}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            production.closeAgedBatches();
        } catch (RuntimeException e) {
            LOG.warnf("Closing aged batches failed, will retry on the next run: %s", e.getClass().getSimpleName());
        }
        List<UUID> due = new java.util.ArrayList<>();
        try {
            due.addAll(production.closedBatches());
            // a batch sent but never reported (the service died, the vendor did not answer) is sent again once its
            // print lease has run out; startPrinting decides, under the batch's row lock
            due.addAll(production.printingStuckSince(clock.instant().minus(config.printTimeout())));
        } catch (RuntimeException e) {
            LOG.warnf("Looking for batches to print failed, will retry on the next run: %s", e.getClass().getSimpleName());
            return;
        }
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
