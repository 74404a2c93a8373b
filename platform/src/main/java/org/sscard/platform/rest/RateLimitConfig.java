package org.sscard.platform.rest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Rate limits by rule: which requests a rule counts, and how many each authenticated subject and each client
 * address may make per period. A request over a limit gets {@code 429 RATE_LIMITED} with {@code Retry-After}.
 */
@ConfigMapping(prefix = "sscard.rate-limit")
public interface RateLimitConfig {
    /** Off only for a load test on a developer's machine. */
    @WithDefault("true")
    boolean enabled();

    /** The rules, by name. */
    Map<String, Rule> rules();

    interface Rule {
        /** A regular expression the whole request path must match. */
        String path();

        /** The HTTP methods counted; {@code *} for every method. */
        @WithDefault("POST")
        List<String> methods();

        /** Requests per period for one authenticated subject; no limit per subject when absent. */
        OptionalInt perSubject();

        /** Requests per period from one client address; no limit per address when absent. */
        OptionalInt perAddress();

        /** The period the limits are counted over (refilled steadily). */
        @WithDefault("1m")
        Duration period();

        /** Count only requests without a valid token (the endpoints anybody can reach). */
        @WithDefault("false")
        boolean anonymousOnly();
    }
}
