package org.sscard.review.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "sscard.review")
public interface ReviewConfig {
    /** How long a claim holds a case for one reviewer before others may take it. */
    @WithDefault("30m")
    Duration claimTtl();

    @WithDefault("50")
    int pageSize();
}
