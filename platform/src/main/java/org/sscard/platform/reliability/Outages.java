package org.sscard.platform.reliability;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.sscard.platform.inbox.PoisonMessageException;
import org.sscard.platform.problem.DomainException;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits out unavailable infrastructure for the consumers of events: runs a piece of work in a transaction of its own
 * and, while it fails because the database or the broker is unavailable or a lock is contended (see
 * {@link Failures}, and {@link DatabaseProbe} for a failure that names no cause), runs it again after a doubling
 * back-off capped at {@code sscard.consumer.max-backoff-millis}, for as long as it takes. Any other failure
 * propagates at once. {@link ConsumerWaits} reports who waits to readiness and to the metrics.
 */
@ApplicationScoped
public class Outages {
    private static final Logger LOG = Logger.getLogger(Outages.class);

    private final DatabaseProbe probe;
    private final ConsumerWaits waits;
    private final Clock clock;
    private final long backoffMillis;
    private final long maxBackoffMillis;
    private volatile boolean stopping;

    public Outages(DatabaseProbe probe, ConsumerWaits waits, Clock clock,
                   @ConfigProperty(name = "sscard.consumer.backoff-millis", defaultValue = "250") long backoffMillis,
                   @ConfigProperty(name = "sscard.consumer.max-backoff-millis", defaultValue = "5000") long maxBackoffMillis) {
        this.probe = probe;
        this.waits = waits;
        this.clock = clock;
        this.backoffMillis = backoffMillis;
        this.maxBackoffMillis = maxBackoffMillis;
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /**
     * Runs {@code work} in a new transaction, again and again while infrastructure is unavailable; {@code channel}
     * names the consumer that waits (its topic). Any other failure of {@code work} propagates, unwrapped.
     */
    public <T> T transaction(String channel, String subject, Callable<T> work) {
        waits.track(channel);
        for (int waited = 0; ; waited++) {
            try {
                T result = QuarkusTransaction.requiringNew().call(work);
                ConsumerWaits.Wait w = waits.resumed(channel);
                if (w != null) {
                    LOG.infof("The consumer of %s resumed with %s after waiting %d s for %s", channel, subject,
                            Duration.between(w.since(), clock.instant()).toSeconds(), w.cause());
                }
                return result;
            } catch (PoisonMessageException | DomainException e) {
                throw e; // raised on purpose by the application: no dependency to ask about
            } catch (RuntimeException e) {
                Optional<Failures.Unavailable> unavailable = probe.unavailable(e);
                if (unavailable.isEmpty()) {
                    throw e;
                }
                if (waits.waiting(channel, unavailable.get(), e)) {
                    LOG.warnf("%s: %s unavailable (%s); the consumer of %s waits and retries", subject,
                            unavailable.get(), e.getClass().getSimpleName(), channel);
                }
                pause(backoff(waited + 1));
            }
        }
    }

    /** The consumer of {@code channel} moves on without having waited its work through (a poison message). */
    public void gaveUp(String channel) {
        waits.resumed(channel);
    }

    /**
     * Waits before the next try. Once the application is stopping, it never returns: the record is then neither
     * acknowledged nor dead-lettered, and is handled again after the restart.
     */
    public void pause(long millis) {
        boolean interrupted = false;
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left = millis; left > 0; left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())) {
            interrupted |= Thread.interrupted(); // parkNanos returns at once while the flag is set
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(left));
        }
        while (stopping) {
            Thread.interrupted();
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The wait before try {@code n + 1} after {@code n} failed ones: doubling from the back-off, up to its cap. */
    public long backoff(int n) {
        return Math.min(maxBackoffMillis, backoffMillis << Math.min(Math.max(n - 1, 0), 20));
    }
}
