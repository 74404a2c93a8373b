package org.sscard.platform.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One event waiting for (or done with) publication. Written only through {@link OutboxWriter}. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent {
    @Id
    public UUID id;
    @Column(insertable = false, updatable = false)
    public Long seq;
    public String topic;
    @Column(name = "aggregate_id")
    public String aggregateId;
    public String type;
    public String envelope;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "parked_at")
    public Instant parkedAt;
    public int attempts;
    @Column(name = "last_error")
    public String lastError;
}
