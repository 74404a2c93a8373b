package org.sscard.platform.rest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Map;

/**
 * How large a request body may be, by endpoint: a body larger than its limit is refused with {@code 413} from its
 * declared length, before a byte of it is read. Requests that match no rule may carry {@link #maxBodyBytes()}
 * ({@link #maxJsonBodyBytes()} for JSON). The HTTP layer's {@code quarkus.http.limits.max-body-size} stays the
 * ceiling above every rule.
 */
@ConfigMapping(prefix = "sscard.upload-limits")
public interface UploadLimitConfig {
    /** Any body on an endpoint without a rule of its own. */
    @WithDefault("1048576")
    long maxBodyBytes();

    /** A JSON body on an endpoint without a rule of its own. */
    @WithDefault("65536")
    long maxJsonBodyBytes();

    /** Endpoints that take more (materials, rosters), by name. */
    Map<String, Rule> rules();

    interface Rule {
        /** A regular expression the whole request path must match. */
        String path();

        /** The HTTP methods it applies to. */
        @WithDefault("POST,PUT")
        List<String> methods();

        /** The largest body, in bytes. */
        long maxBytes();

        /** Whether a JSON body may be that large too (a JSON roster); otherwise JSON keeps its own limit. */
        @WithDefault("false")
        boolean json();
    }
}
