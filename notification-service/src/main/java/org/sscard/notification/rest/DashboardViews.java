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

    /** A dead letter: where it is, what it was, why it failed and what operations did about it. */
    public record DeadLetterView(long id, String topic, int partition, long offset, String originalTopic, String key,
                                 String eventId, String eventType, String cause, String reason, Instant receivedAt,
                                 String status, Instant resolvedAt, String resolvedBy, String resolution) {
        public static DeadLetterView of(org.sscard.notification.domain.DeadLetter d) {
            return new DeadLetterView(d.id, d.topic, d.partition, d.offset, d.originalTopic, d.key, d.eventId,
                    d.eventType, d.cause, d.reason, d.receivedAt, d.status.name(), d.resolvedAt, d.resolvedBy,
                    d.resolution);
        }
    }

    public record Lag(String consumerGroup, String topic, Long lag, String error) {
    }

    private DashboardViews() {
    }
}
