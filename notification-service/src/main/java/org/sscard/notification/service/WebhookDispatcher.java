package org.sscard.notification.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.sscard.notification.channel.WebhookSigner;
import org.sscard.notification.domain.EmployerWebhook;
import org.sscard.notification.domain.WebhookDelivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Posts the callbacks that are due, each in its own transaction with its row locked (two instances never send the
 * same callback at once), signed with the employer's secret. A callback not answered 2xx is tried again with
 * exponential backoff (capped at an hour) and given up after the configured tries. An endpoint that fails is not
 * tried again in the same run, so one employer's dead endpoint does not hold up the others' callbacks.
 */
@ApplicationScoped
public class WebhookDispatcher {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    private final EntityManager em;
    private final Clock clock;
    private final MeterRegistry registry;
    private final int maxAttempts;
    private final Duration backoff;
    private final Duration timeout;
    private final HttpClient http;

    public WebhookDispatcher(EntityManager em, Clock clock, MeterRegistry registry,
                             @ConfigProperty(name = "sscard.webhooks.max-attempts", defaultValue = "8") int maxAttempts,
                             @ConfigProperty(name = "sscard.webhooks.backoff", defaultValue = "30s") Duration backoff,
                             @ConfigProperty(name = "sscard.webhooks.timeout", defaultValue = "5s") Duration timeout) {
        this.em = em;
        this.clock = clock;
        this.registry = registry;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Scheduled(every = "${sscard.webhooks.interval:1s}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            List<UUID> due = QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                            "select d.id from WebhookDelivery d where d.status in (:pending, :failed) "
                                    + "and d.nextAttemptAt <= :now order by d.nextAttemptAt", UUID.class)
                    .setParameter("pending", WebhookDelivery.PENDING).setParameter("failed", WebhookDelivery.FAILED)
                    .setParameter("now", clock.instant()).setMaxResults(100).getResultList());
            Set<String> failing = new HashSet<>();
            due.forEach(id -> QuarkusTransaction.requiringNew().run(() -> deliver(id, failing)));
        } catch (RuntimeException e) {
            LOG.warnf("Webhook run failed, will retry: %s", e.getClass().getSimpleName());
        }
    }

    void deliver(UUID id, Set<String> failing) {
        WebhookDelivery d = em.find(WebhookDelivery.class, id, LockModeType.PESSIMISTIC_WRITE);
        Instant now = clock.instant();
        if (d == null || !(WebhookDelivery.PENDING.equals(d.status) || WebhookDelivery.FAILED.equals(d.status))
                || d.nextAttemptAt.isAfter(now) || failing.contains(d.employerId)) {
            return; // another instance got there first, or its endpoint failed a moment ago
        }
        EmployerWebhook hook = em.find(EmployerWebhook.class, d.employerId);
        if (hook == null) {
            d.status = WebhookDelivery.GAVE_UP;
            d.lastError = "endpoint removed";
            return;
        }
        long ts = now.getEpochSecond();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(hook.url)).timeout(timeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "sscard-callbacks/1")
                    .header(WebhookSigner.TIMESTAMP_HEADER, Long.toString(ts))
                    .header(WebhookSigner.SIGNATURE_HEADER, WebhookSigner.sign(hook.secret, ts, d.body))
                    .header(WebhookSigner.DELIVERY_HEADER, d.id.toString())
                    .header(WebhookSigner.TYPE_HEADER, d.type)
                    .POST(HttpRequest.BodyPublishers.ofString(d.body, StandardCharsets.UTF_8)).build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                d.delivered(response.statusCode(), now);
                registry.counter("sscard_webhook_callbacks_delivered_total", "type", d.type).increment();
                return;
            }
            failed(d, response.statusCode(), "HTTP " + response.statusCode(), now, failing);
        } catch (IOException | IllegalArgumentException e) {
            failed(d, null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), now,
                    failing);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(d, null, "interrupted", now, failing);
        }
    }

    private void failed(WebhookDelivery d, Integer status, String error, Instant now, Set<String> failing) {
        failing.add(d.employerId);
        d.failed(status, error, now, backoff, maxAttempts);
        if (WebhookDelivery.GAVE_UP.equals(d.status)) {
            registry.counter("sscard_webhook_callbacks_given_up_total", "type", d.type).increment();
            LOG.warnf("Gave up on callback %s (%s) to employer %s after %d tries: %s", d.id, d.type, d.employerId,
                    d.attempts, error);
        } else {
            registry.counter("sscard_webhook_callbacks_failed_total", "type", d.type).increment();
        }
    }
}
