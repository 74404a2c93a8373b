package org.sscard.platform.reliability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The consumers that wait for infrastructure, per topic: what they wait for and since when ({@link ConsumersReady}
 * reports them to readiness). Metrics: {@code sscard_consumer_waiting{topic}} (1 while
 * waiting), {@code sscard_consumer_waiting_seconds{topic}} and {@code sscard_consumer_waits_total{topic,cause}}.
 */
@ApplicationScoped
public class ConsumerWaits {
    /** A consumer that waits: for what, since when, and the failure it last saw (its class only). */
    public record Wait(Failures.Unavailable cause, Instant since, String lastFailure) {
    }

    private final Map<String, Wait> waits = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sinceMillis = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Clock clock;

    public ConsumerWaits(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Makes the gauges of {@code topic}'s consumer show (0 while it flows), from its first event on. */
    public void track(String topic) {
        gauges(topic);
    }

    /** Records that the consumer of {@code topic} waits for {@code cause}; returns true when it has just started to. */
    public boolean waiting(String topic, Failures.Unavailable cause, Throwable failure) {
        Instant now = clock.instant();
        AtomicLong since = gauges(topic);
        Wait before = waits.get(topic);
        waits.put(topic, new Wait(cause, before == null ? now : before.since(), failure.getClass().getSimpleName()));
        registry.counter("sscard_consumer_waits_total", "topic", topic, "cause", cause.name()).increment();
        if (before == null) {
            since.set(now.toEpochMilli());
            return true;
        }
        return false;
    }

    /** The consumer of {@code topic} handled an event (or gave up on a poison one): it no longer waits. */
    public Wait resumed(String topic) {
        Wait w = waits.remove(topic);
        if (w != null) {
            sinceMillis.get(topic).set(0);
        }
        return w;
    }

    public Map<String, Wait> current() {
        return Map.copyOf(waits);
    }

    private AtomicLong gauges(String topic) {
        return sinceMillis.computeIfAbsent(topic, t -> {
            AtomicLong since = new AtomicLong();
            Gauge.builder("sscard_consumer_waiting", since, s -> s.get() == 0 ? 0 : 1).tag("topic", t)
                    .description("1 while the consumer of this topic waits for the database or the broker")
                    .register(registry);
            Gauge.builder("sscard_consumer_waiting_seconds", since,
                            s -> s.get() == 0 ? 0 : (clock.millis() - s.get()) / 1000.0).tag("topic", t)
                    .description("How long the consumer of this topic has been waiting").register(registry);
            return since;
        });
    }
}
