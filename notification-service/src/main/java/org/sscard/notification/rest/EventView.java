package org.sscard.notification.rest;

import org.sscard.notification.domain.EventLogEntry;

import java.time.Instant;
import java.util.UUID;

/** One event of the flow, without its payload. */
public record EventView(UUID eventId, String type, String topic, String applicationId, String producer,
                        Instant occurredAt, Instant receivedAt) {
    public static EventView of(EventLogEntry e) {
        return new EventView(e.eventId, e.type, e.topic, e.aggregateId, e.producer, e.occurredAt, e.receivedAt);
    }
}
