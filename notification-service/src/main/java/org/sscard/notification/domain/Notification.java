package org.sscard.notification.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.sscard.platform.crypto.EncryptedText;

import java.time.Instant;
import java.util.UUID;

/** One message to an applicant about one step of their application. */
@Entity
@Table(name = "notification")
public class Notification {
    @Id
    public UUID id;
    @Column(name = "event_id")
    public UUID eventId;
    @Column(name = "application_id")
    public UUID applicationId;
    /** The applicant's account; null when they applied at a counter without one (then only SMS reaches them). */
    @Column(name = "recipient_id")
    public String recipientId;
    public String channel;
    public String language;
    @Column(name = "event_type")
    public String eventType;
    public String title;
    public String body;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    @Column(name = "created_at")
    public Instant createdAt;
    /** Phone or e-mail for SMS and EMAIL messages. */
    @Convert(converter = EncryptedText.class)
    public String address;
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public DeliveryStatus status;
    public int attempts;
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "sent_at")
    public Instant sentAt;
}
