package org.sscard.platform.rest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Counts requests against the rules of {@link RateLimitConfig} before anything else runs, with a token bucket per
 * rule and subject and per rule and client address (Bucket4j), kept in a bounded map that forgets idle callers.
 * The subject is the verified token's: a request with a bad token counts as anonymous, so nobody can spend
 * somebody else's allowance. Behind a proxy, set {@code quarkus.http.proxy.proxy-address-forwarding} so that the
 * client address is the caller's.
 */
public class RateLimiter {
    private record Rule(String name, Pattern path, List<String> methods, Integer perSubject, Integer perAddress,
                        Duration period, boolean anonymousOnly) {
        boolean matches(String method, String p) {
            return (methods.contains("*") || methods.contains(method)) && path.matcher(p).matches();
        }
    }

    private final boolean enabled;
    private final List<Rule> rules;
    private final CurrentIdentityAssociation identities;
    private final MeterRegistry registry;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(200_000)
            .expireAfterAccess(Duration.ofHours(2)).build();

    public RateLimiter(RateLimitConfig config, CurrentIdentityAssociation identities, MeterRegistry registry) {
        this.enabled = config.enabled();
        this.identities = identities;
        this.registry = registry;
        this.rules = config.rules().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new Rule(e.getKey(), Pattern.compile(e.getValue().path()),
                        e.getValue().methods().stream().map(String::toUpperCase).toList(),
                        e.getValue().perSubject().isPresent() ? e.getValue().perSubject().getAsInt() : null,
                        e.getValue().perAddress().isPresent() ? e.getValue().perAddress().getAsInt() : null,
                        e.getValue().period(), e.getValue().anonymousOnly()))
                .toList();
    }

    @ServerRequestFilter(preMatching = true, priority = 100)
    public Uni<Response> limit(ContainerRequestContext ctx, HttpServerRequest request) {
        if (!enabled) {
            return Uni.createFrom().nullItem();
        }
        String method = ctx.getMethod();
        String path = ctx.getUriInfo().getPath();
        List<Rule> matching = rules.stream().filter(r -> r.matches(method, path)).toList();
        if (matching.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        return identities.getDeferredIdentity()
                .onFailure().recoverWithItem((SecurityIdentity) null)
                .map(identity -> {
                    String subject = identity == null || identity.isAnonymous() ? null : identity.getPrincipal().getName();
                    for (Rule r : matching) {
                        if (r.anonymousOnly() && subject != null) {
                            continue;
                        }
                        Response refused = take(r, "a|" + address, r.perAddress(), path);
                        if (refused == null && subject != null) {
                            refused = take(r, "s|" + subject, r.perSubject(), path);
                        }
                        if (refused != null) {
                            return refused;
                        }
                    }
                    return null;
                });
    }

    private Response take(Rule rule, String caller, Integer limit, String path) {
        if (limit == null) {
            return null;
        }
        Bucket bucket = buckets.get(rule.name() + "|" + caller, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit).refillGreedy(limit, rule.period()).build()).build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return null;
        }
        registry.counter("sscard_rate_limited_total", "rule", rule.name()).increment();
        long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        return Response.fromResponse(ProblemMappers.response(429, "RATE_LIMITED", "Too many requests of this kind; "
                        + "try again in " + seconds + " s", path, List.of()))
                .header("Retry-After", String.valueOf(seconds)).build();
    }
}
