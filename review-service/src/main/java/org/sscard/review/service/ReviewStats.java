package org.sscard.review.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.sscard.review.config.ReviewConfig;
import org.sscard.review.repository.ReviewRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Open, overdue and nearly-due case counts, exported as Prometheus gauges. */
@ApplicationScoped
public class ReviewStats {
    private static final Logger LOG = Logger.getLogger(ReviewStats.class);
    private final ReviewRepository reviews;
    private final ReviewConfig config;
    private final Clock clock;
    private final MeterRegistry registry;
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong overdue = new AtomicLong();
    private final AtomicLong nearlyDue = new AtomicLong();

    public ReviewStats(ReviewRepository reviews, ReviewConfig config, Clock clock, MeterRegistry registry) {
        this.reviews = reviews;
        this.config = config;
        this.clock = clock;
        this.registry = registry;
    }

    void register(@Observes StartupEvent e) {
        Gauge.builder("sscard_reviews_open", open, AtomicLong::get).description("Undecided review cases").register(registry);
        Gauge.builder("sscard_reviews_overdue", overdue, AtomicLong::get).description("Undecided cases past their SLA").register(registry);
        Gauge.builder("sscard_reviews_nearly_due", nearlyDue, AtomicLong::get)
                .description("Undecided cases due within the nearly-due window").register(registry);
    }

    /** Counts again; while the database is unavailable the gauges keep their last values. */
    @Scheduled(every = "${sscard.review.stats-interval}", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                Instant now = clock.instant();
                long due = reviews.undecidedDueBefore(now);
                open.set(reviews.undecided());
                overdue.set(due);
                nearlyDue.set(reviews.undecidedDueBefore(now.plus(config.nearlyDue())) - due);
            });
        } catch (RuntimeException e) {
            LOG.debugf("Review gauges not refreshed: %s", e.getClass().getSimpleName());
        }
    }
}
