package org.sscard.cardproduction.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "sscard.production")
public interface ProductionConfig {
    /** A batch closes when it holds this many cards. */
    @WithDefault("100")
    int batchMaxSize();

    /** A batch closes when it is this old, however few cards it holds. */
    @WithDefault("1h")
    Duration batchMaxAge();

    /** How often batches are checked for closing and closed batches are sent to the printer. */
    @WithDefault("1s")
    Duration batchCheckInterval();

    /**
     * How long a batch sent to the printer waits for its report before it may be sent again (by any instance): the
     * print lease. The printer takes the batch id as its idempotency key, so a batch sent twice prints once.
     */
    @WithDefault("2m")
    Duration printTimeout();

    /** After this many failed prints a card is flagged for operators instead of retried. */
    @WithDefault("3")
    int maxPrintAttempts();

    /** Card validity, from the issue date (local rule; docs/domain.md says 10 years). */
    @WithDefault("10")
    int validityYears();

    SimulatedPrinterConfig simulatedPrinter();

    interface SimulatedPrinterConfig {
        /** Share of cards the simulated printer fails, 0 to 1. */
        @WithDefault("0")
        double failureRate();
    }
}
