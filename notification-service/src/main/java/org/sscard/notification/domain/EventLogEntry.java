package org.sscard.notification.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** Every event of the journey as this service received it: the operations view of the event flow. */
@Entity
@Table(name = "event_log")
public class EventLogEntry {
    @Id
    @Column(name = "event_id")
    public UUID eventId;
    public String type;
    public String topic;
    @Column(name = "aggregate_id")
    public String aggregateId;
    public String producer;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    @Column(name = "received_at")
    public Instant receivedAt;
}
