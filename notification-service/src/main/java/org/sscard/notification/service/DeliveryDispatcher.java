package org.sscard.notification.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.sscard.notification.channel.ChannelSender;
import org.sscard.notification.channel.EmailSender;
import org.sscard.notification.channel.SmsSender;
import org.sscard.notification.domain.DeliveryStatus;
import org.sscard.notification.domain.Notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sends SMS and e-mail messages: pending and failed ones that are due, each in its own transaction with the row
 * locked, so two instances never send the same message at once. A failure is retried with exponential backoff
 * and given up after the configured number of tries.
 */
@ApplicationScoped
public class DeliveryDispatcher {
    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);
    private final EntityManager em;
    private final Map<String, ChannelSender> senders = new HashMap<>();
    private final Clock clock;
    private final MeterRegistry registry;
    private final int maxAttempts;
    private final Duration backoff;

    public DeliveryDispatcher(EntityManager em, SmsSender sms, EmailSender email, Clock clock, MeterRegistry registry,
                              @ConfigProperty(name = "sscard.delivery.max-attempts", defaultValue = "5") int maxAttempts,
                              @ConfigProperty(name = "sscard.delivery.backoff", defaultValue = "30s") Duration backoff) {
        this.em = em;
        this.senders.put(sms.channel(), sms);
        this.senders.put(email.channel(), email);
        this.clock = clock;
        this.registry = registry;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
    }

    @Scheduled(every = "${sscard.delivery.interval:1s}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            List<UUID> due = QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                            "select n.id from Notification n where n.status in (:pending, :failed) and n.nextAttemptAt <= :now "
                                    + "order by n.nextAttemptAt", UUID.class)
                    .setParameter("pending", DeliveryStatus.PENDING).setParameter("failed", DeliveryStatus.FAILED)
                    .setParameter("now", clock.instant()).setMaxResults(100).getResultList());
            due.forEach(id -> QuarkusTransaction.requiringNew().run(() -> deliver(id)));
        } catch (RuntimeException e) {
            LOG.warnf("Delivery run failed, will retry: %s", e.getClass().getSimpleName());
        }
    }

    void deliver(UUID id) {
        Notification n = em.find(Notification.class, id, LockModeType.PESSIMISTIC_WRITE);
        Instant now = clock.instant();
        if (n == null || !(n.status == DeliveryStatus.PENDING || n.status == DeliveryStatus.FAILED)
                || n.nextAttemptAt.isAfter(now)) {
            return; // another instance got there first
        }
        n.attempts++;
        try {
            ChannelSender sender = senders.get(n.channel);
            if (sender == null) {
                throw new IllegalStateException("no sender for channel " + n.channel);
            }
            sender.send(n);
            n.status = DeliveryStatus.SENT;
            n.sentAt = now;
            n.lastError = null;
            registry.counter("sscard_notifications_sent_total", "channel", n.channel).increment();
        } catch (RuntimeException e) {
            n.lastError = e.getClass().getSimpleName();
            if (n.attempts >= maxAttempts) {
                n.status = DeliveryStatus.GAVE_UP;
                registry.counter("sscard_notifications_given_up_total", "channel", n.channel).increment();
                LOG.warnf("Gave up on notification %s (%s) after %d tries", n.id, n.channel, n.attempts);
            } else {
                n.status = DeliveryStatus.FAILED;
                n.nextAttemptAt = now.plus(backoff.multipliedBy(1L << (n.attempts - 1)));
                registry.counter("sscard_notifications_failed_total", "channel", n.channel).increment();
            }
        }
    }
}
