package org.sscard.notification.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** One callback to an employer's HR system: its body as signed and sent, and how its delivery went. */
@Entity
@Table(name = "webhook_delivery")
public class WebhookDelivery {
    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    public static final String FAILED = "FAILED";
    public static final String GAVE_UP = "GAVE_UP";

    @Id
    public UUID id;
    @Column(name = "employer_id")
    public String employerId;
    @Column(name = "event_id")
    public UUID eventId;
    public String type;
    public String body;
    public String status;
    public int attempts;
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
    @Column(name = "last_status")
    public Integer lastStatus;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "delivered_at")
    public Instant deliveredAt;

    /** Sent and answered 2xx. */
    public void delivered(int httpStatus, Instant at) {
        attempts++;
        status = DELIVERED;
        lastStatus = httpStatus;
        lastError = null;
        deliveredAt = at;
    }

    /** Not delivered: tried again after {@code backoff} doubled per try, or given up after {@code maxAttempts}. */
    public void failed(Integer httpStatus, String error, Instant at, Duration backoff, int maxAttempts) {
        attempts++;
        lastStatus = httpStatus;
        lastError = error == null ? null : error.substring(0, Math.min(200, error.length()));
        if (attempts >= maxAttempts) {
            status = GAVE_UP;
        } else {
            status = FAILED;
            long factor = 1L << Math.min(attempts - 1, 10);
            Duration wait = backoff.multipliedBy(factor);
            Duration cap = Duration.ofHours(1);
            nextAttemptAt = at.plus(wait.compareTo(cap) > 0 ? cap : wait);
        }
    }

    /** Sent again on request (after a fix on the employer's side), from the first try. */
    public void redeliver(Instant at) {
        status = PENDING;
        attempts = 0;
        nextAttemptAt = at;
        deliveredAt = null;
    }
}
