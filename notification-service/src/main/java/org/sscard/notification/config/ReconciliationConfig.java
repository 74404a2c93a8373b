package org.sscard.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The reconciliation of each application's state across the four services (docs/reliability.md). */
@ConfigMapping(prefix = "sscard.reconciliation")
public interface ReconciliationConfig {
    /**
     * How often the job compares (a duration, or {@code off}). The scheduler reads it from the configuration directly;
     * it is declared here so that the settings under this prefix are all known (and validated).
     */
    @WithDefault("5m")
    String every();

    /** How long after start the job first compares; read by the scheduler, like {@link #every()}. */
    @WithDefault("1m")
    String delay();

    /** Applications under way are always compared; settled ones while they changed within this. */
    @WithDefault("P7D")
    Duration window();

    /** A disagreement younger than this is an event still on its way, not a divergence. */
    @WithDefault("2m")
    Duration grace();

    /** The management interface of registration (its reconciliation feed). */
    @WithDefault("http://localhost:9081")
    String registrationUrl();

    /** The management interface of review. */
    @WithDefault("http://localhost:9082")
    String reviewUrl();

    /** The management interface of card production. */
    @WithDefault("http://localhost:9083")
    String cardProductionUrl();

    /** Applications compared per page. */
    @WithDefault("1000")
    int pageSize();
}
