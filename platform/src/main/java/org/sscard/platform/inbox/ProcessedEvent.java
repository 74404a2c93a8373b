package org.sscard.platform.inbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An event id this service has handled; written in the same transaction as the handler's effect. */
@Entity
@Table(name = "processed_event")
public class ProcessedEvent {
    @Id
    @Column(name = "event_id")
    public UUID eventId;
    public String type;
    public String topic;
    @Column(name = "processed_at")
    public Instant processedAt;
}
