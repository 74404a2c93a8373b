package org.sscard.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The service levels of the whole issuance (docs/domain.md, local rules): how long the applicant should expect to
 * wait for a card, and after how long a case is overdue.
 */
@ConfigMapping(prefix = "sscard.service-levels")
public interface ServiceLevelConfig {
    /** A new card: from submission to ready for collection (20 to 30 days in the province's notice). */
    @WithDefault("20d")
    Duration newCardExpected();

    @WithDefault("30d")
    Duration newCardDue();

    /** A replacement or exchange: from the request at the counter to ready for collection (about 7 days). */
    @WithDefault("7d")
    Duration replacementExpected();

    @WithDefault("10d")
    Duration replacementDue();

    /** How often the overdue gauge is counted again. */
    @WithDefault("30s")
    String gaugeEvery();
}
