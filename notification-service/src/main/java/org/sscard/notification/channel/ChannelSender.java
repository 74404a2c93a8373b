package org.sscard.notification.channel;

import org.sscard.notification.domain.Notification;

/**
 * One way of reaching a person. {@link #send} may be called again for the same notification (after a crash
 * between sending and recording it), so an adapter passes the notification id on as the provider's idempotency key.
 */
public interface ChannelSender {
    String channel();

    /** Hands the message over; throws if the channel refused it. */
    void send(Notification notification);
}
