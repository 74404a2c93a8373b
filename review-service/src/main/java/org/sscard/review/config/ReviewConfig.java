package org.sscard.review.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

@ConfigMapping(prefix = "sscard.review")
public interface ReviewConfig {
    /** How long a claim holds a case for one reviewer before others may take it. */
    @WithDefault("30m")
    Duration claimTtl();

    @WithDefault("50")
    int pageSize();

    /** Working days a case may take from submission to decision (local rule). */
    @WithDefault("5")
    int slaWorkingDays();

    /** A case is nearly due this long before its due time. */
    @WithDefault("24h")
    Duration nearlyDue();

    /** Public holidays that are not working days (ISO dates); weekends never are. */
    Optional<List<LocalDate>> holidays();

    /** Categories whose cases are approved without a reviewer when every automated check passes (off: none). */
    Optional<Set<String>> autoApproveCategories();

    /** How often the open, overdue and nearly-due counts are refreshed for metrics. */
    @WithDefault("30s")
    Duration statsInterval();

    /** The registration service, where reviewers' material views (the console's photo) are fetched from. */
    @WithDefault("http://localhost:8081")
    String registrationUrl();
}
