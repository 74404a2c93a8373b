package org.sscard.notification.rest;

import org.sscard.notification.domain.Notification;

import java.time.Instant;
import java.util.UUID;

/** A message as the applicant reads it; ID and card numbers in it are masked. */
public record NotificationView(UUID id, UUID applicationId, String eventType, String channel, String language,
                               String title, String body, Instant occurredAt, Instant createdAt,
                               String deliveryStatus, int attempts, Instant sentAt, String lastError) {
    public static NotificationView of(Notification n) {
        return new NotificationView(n.id, n.applicationId, n.eventType, n.channel, n.language, n.title, n.body,
                n.occurredAt, n.createdAt, n.status == null ? null : n.status.name(), n.attempts, n.sentAt, n.lastError);
    }
}
