package org.sscard.notification.service;

import java.time.Instant;
import java.util.List;

/** What the operations dashboard reads: counts of events, the funnel, stuck applications and consumer lag. */
public final class DashboardFigures {
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

    public record Lag(String consumerGroup, String topic, Long lag, String error) {
    }

    private DashboardFigures() {
    }
}
