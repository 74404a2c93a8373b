package org.sscard.notification.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A message on a dead-letter topic, without its payload. */
@Entity
@Table(name = "dead_letter")
public class DeadLetter {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String topic;
    @Column(name = "partition_no")
    public int partition;
    @Column(name = "offset_no")
    public long offset;
    @Column(name = "original_topic")
    public String originalTopic;
    @Column(name = "message_key")
    public String key;
    @Column(name = "event_id")
    public String eventId;
    @Column(name = "event_type")
    public String eventType;
    public String reason;
    @Column(name = "received_at")
    public Instant receivedAt;
}
