package org.sscard.notification.rest;

import java.time.Instant;
import java.util.List;

/** Response bodies of the operations dashboard that are not its figures (those are service DashboardFigures). */
public final class DashboardViews {
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

    private DashboardViews() {
    }
}
