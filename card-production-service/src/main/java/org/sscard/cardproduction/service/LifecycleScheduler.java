package org.sscard.cardproduction.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Time-driven changes: temporary losses lifting themselves, expiry and its notice, overdue collection, reminders to
 * collect and the return of cards never collected.
 */
@ApplicationScoped
public class LifecycleScheduler {
    private static final Logger LOG = Logger.getLogger(LifecycleScheduler.class);
    private final CardLifecycleService lifecycle;

    public LifecycleScheduler(CardLifecycleService lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Scheduled(every = "${sscard.card.housekeeping-interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        run("lifting expired temporary losses", lifecycle::liftExpiredLosses);
        run("expiring cards", lifecycle::expireCards);
        run("flagging uncollected cards", lifecycle::flagUncollected);
        run("reminding of and returning uncollected cards", this::remindOrReturnUncollected);
        run("forgetting old face-check nonces", lifecycle::forgetFaceCheckNonces);
    }

    /** 500 cards a transaction, until none is due (at most 20,000 a run, so the other jobs still get their turn). */
    private int remindOrReturnUncollected() {
        int total = 0;
        for (int round = 0; round < 40; round++) {
            int n = lifecycle.remindOrReturnUncollected(500);
            total += n;
            if (n < 500) {
                break;
            }
        }
        return total;
    }

    private static void run(String what, java.util.function.IntSupplier job) {
        try {
            job.getAsInt();
        } catch (RuntimeException e) {
            LOG.warnf("Housekeeping failed while %s, will retry: %s", what, e.getClass().getSimpleName());
        }
    }
}
