package org.sscard.cardproduction;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sscard.cardproduction.config.ProductionConfig;
import org.sscard.cardproduction.domain.BatchStatus;
import org.sscard.cardproduction.domain.CardStatus;
import org.sscard.cardproduction.printer.Printer;
import org.sscard.cardproduction.repository.BatchRepository;
import org.sscard.cardproduction.repository.CardRepository;
import org.sscard.cardproduction.service.BatchScheduler;
import org.sscard.cardproduction.service.ProductionService;
import org.sscard.events.Payloads;
import org.sscard.infra.InfraTestResource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Two instances of card production decide about the same batch: it goes to the printer once per print lease, again
 * only when its report has not come back within the print timeout, always with the batch id as the vendor's
 * idempotency key, and its outcomes are recorded once. The scheduler is paused so the test plays both instances.
 */
@QuarkusTest
@QuarkusTestResource(InfraTestResource.class)
class PrintLeaseTest {
    @Inject
    ProductionService production;
    @Inject
    BatchRepository batches;
    @Inject
    CardRepository cards;
    @Inject
    Scheduler scheduler;
    @Inject
    TestClock clock;
    @Inject
    ProductionConfig config;

    @BeforeEach
    void pauseTheScheduler() {
        scheduler.pause(BatchScheduler.IDENTITY);
    }

    @AfterEach
    void resume() {
        clock.reset();
        scheduler.resume(BatchScheduler.IDENTITY);
    }

    /** A closed batch holding one new card, for an outlet of its own. */
    UUID closedBatch() {
        String app = UUID.randomUUID().toString();
        String outlet = "110105-" + String.format("%03d", (int) (Math.random() * 900) + 100);
        QuarkusTransaction.requiringNew().run(() -> production.startProduction(new Payloads.ApplicationApproved(app,
                UUID.randomUUID().toString(), "lease", "RESIDENT", "张三", "11010519491231002X", "110***********002X",
                outlet, "110105", "r1", null)));
        UUID batch = QuarkusTransaction.requiringNew().call(() -> cards.forApplication(UUID.fromString(app)).get(0).batchId);
        QuarkusTransaction.requiringNew().run(() -> batches.findById(batch).close("TIME", clock.instant()));
        return batch;
    }

    Printer.Job start(UUID batch) {
        return QuarkusTransaction.requiringNew().call(() -> production.startPrinting(batch));
    }

    void report(UUID batch, Printer.Job job) {
        QuarkusTransaction.requiringNew().run(() -> production.recordOutcomes(batch,
                job.cards().stream().map(c -> Printer.Outcome.printed(c.cardNumber())).toList()));
    }

    @Test
    void aBatchWhoseLeaseRunsIsNotSentBySecondInstanceAndOnlyAfterThePrintTimeoutIsSentAgain() {
        UUID batch = closedBatch();
        Printer.Job first = start(batch);
        assertNotNull(first, "instance A takes the lease");
        assertEquals(batch, first.batchId(), "the vendor's idempotency key is the batch id");
        assertNull(start(batch), "instance B finds the lease running");
        clock.advance(config.printTimeout().minusSeconds(1));
        assertNull(start(batch), "still within the print timeout");
        clock.advance(Duration.ofSeconds(2));
        Printer.Job again = start(batch);
        assertNotNull(again, "no report within the print timeout: sent again");
        assertEquals(batch, again.batchId());
        assertEquals(first.cards(), again.cards(), "the same cards, so the vendor prints them once");
        // the first sending's report arrives late, then the second's: recorded once
        report(batch, first);
        report(batch, again);
        var b = QuarkusTransaction.requiringNew().call(() -> batches.findById(batch));
        assertEquals(BatchStatus.DONE, b.status);
        assertEquals(2, b.printAttempts);
        assertEquals(1, b.printedCount, "the card is counted once");
        assertEquals(CardStatus.READY_FOR_COLLECTION, QuarkusTransaction.requiringNew()
                .call(() -> cards.findById(first.cards().get(0).cardNumber()).status));
        assertNull(start(batch), "a batch that is done is never sent again");
    }

    @Test
    void twoInstancesDecidingAtTheSameMomentSendTheBatchOnce() throws Exception {
        for (int round = 0; round < 5; round++) {
            UUID batch = closedBatch();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService two = Executors.newFixedThreadPool(2);
            try {
                List<Future<Printer.Job>> jobs = new ArrayList<>();
                Callable<Printer.Job> instance = () -> {
                    go.await();
                    return start(batch);
                };
                jobs.add(two.submit(instance));
                jobs.add(two.submit(instance));
                go.countDown();
                int sent = 0;
                for (Future<Printer.Job> job : jobs) {
                    sent += job.get() == null ? 0 : 1;
                }
                assertEquals(1, sent, "round " + round + ": one sending");
            } finally {
                two.shutdownNow();
            }
        }
    }
}
