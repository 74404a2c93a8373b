package org.sscard.cardproduction.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.UUID;

/** Closes batches that are old enough and sends closed batches to the printer, one transaction per batch. */
@ApplicationScoped
public class BatchScheduler {
    private static final Logger LOG = Logger.getLogger(BatchScheduler.class);
    private final ProductionService production;

    public BatchScheduler(ProductionService production) {
        this.production = production;
    }

    @Scheduled(every = "${sscard.production.batch-check-interval}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            production.closeAgedBatches();
        } catch (RuntimeException e) {
            LOG.warnf("Closing aged batches failed, will retry on the next run: %s", e.getClass().getSimpleName());
        }
        for (UUID batch : production.closedBatches()) {
            try {
                production.print(batch);
            } catch (RuntimeException e) {
                // one failing batch must not hold up the others
                LOG.warnf("Printing batch %s failed, will retry on the next run: %s", batch, e.getClass().getSimpleName());
            }
        }
    }
}
