package org.sscard.notification.rest;

import java.time.Instant;
import java.util.List;

/** Response bodies of the operations dashboard. */
public final class DashboardViews {
    public record Count(String key, long count) {
    }

    /**
     * One stage of the funnel: how many applications reached it, how many are in it now, and how long the step
     * into it took (median and 95th percentile, seconds).
     */
    public record Stage(String stage, long reached, long current, Double medianSeconds, Double p95Seconds) {
    }

    public record Stuck(String applicationId, String stage, Instant since, long seconds) {
    }

    public record Stats(List<Count> countsByType, List<Count> countsByHour, List<Stage> funnel, List<Stuck> stuck) {
    }

    public record DeadLetterView(String topic, String originalTopic, String key, String eventId, String eventType,
                                 String reason, Instant receivedAt) {
    }

    public record Lag(String consumerGroup, String topic, Long lag, String error) {
    }

    private DashboardViews() {
    }
}
