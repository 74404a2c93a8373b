package org.sscard.notification.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.query.NativeQuery;
import org.sscard.notification.domain.EmployerWebhook;
import org.sscard.notification.domain.WebhookDelivery;
import org.sscard.platform.problem.DomainException;
import org.sscard.platform.problem.FieldError;
import org.sscard.platform.security.Caller;
import org.sscard.platform.security.Roles;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Callbacks to employers' HR systems: the endpoint each employer registers, the callbacks due to it (queued in the
 * consumer's transaction, so none is lost and none is queued twice), their delivery log, and re-delivery.
 */
@ApplicationScoped
@Transactional
public class Webhooks {
    /** The callback types, as HR systems see them in {@code type} and the {@code X-Sscard-Event} header. */
    public static final String ROSTER_PROCESSED = "roster.processed";
    public static final String EMPLOYEE_APPROVED = "employee.approved";
    public static final String EMPLOYEE_REJECTED = "employee.rejected";
    public static final String CARD_READY = "card.ready";
    public static final String PING = "ping";

    private final EntityManager em;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final MeterRegistry registry;
    private final boolean allowHttp;
    private final boolean loopbackOnly;
    private final Duration cacheFor;
    /** Which employers have an endpoint, read at most every {@code cacheFor}: most events are for employers without. */
    private final Map<String, Cached> hooks = new ConcurrentHashMap<>();

    private record Cached(boolean registered, Instant until) {
    }

    public Webhooks(EntityManager em, ObjectMapper mapper, Clock clock, MeterRegistry registry,
                    @ConfigProperty(name = "sscard.webhooks.allow-http", defaultValue = "false") boolean allowHttp,
                    @ConfigProperty(name = "sscard.webhooks.cache-for", defaultValue = "30s") Duration cacheFor,
                    @ConfigProperty(name = "sscard.webhooks.loopback-only", defaultValue = "false") boolean loopbackOnly) {
        this.loopbackOnly = loopbackOnly;
        this.em = em;
        this.mapper = mapper;
        this.clock = clock;
        this.registry = registry;
        this.allowHttp = allowHttp;
        this.cacheFor = cacheFor;
    }

    // ---------------------------------------------------------------- the endpoint

    /** Registers or replaces the caller's endpoint. HTTPS only, unless the local profiles allow plain HTTP. */
    public EmployerWebhook register(String employerId, String url, String secret, Caller caller) {
        List<FieldError> errors = new ArrayList<>();
        problem(url).ifPresent(p -> errors.add(new FieldError("url", p)));
        if (!errors.isEmpty()) {
            throw DomainException.invalidFields(errors);
        }
        Instant now = clock.instant();
        EmployerWebhook hook = em.find(EmployerWebhook.class, employerId, LockModeType.PESSIMISTIC_WRITE);
        boolean created = hook == null;
        if (created) {
            hook = new EmployerWebhook();
            hook.employerId = employerId;
            hook.createdAt = now;
        }
        hook.url = url;
        hook.secret = secret;
        hook.updatedAt = now;
        hook.updatedBy = caller.subject();
        if (created) {
            em.persist(hook);
            try {
                em.flush();
            } catch (PersistenceException e) {
                // another request registered the first endpoint at the same moment
                throw DomainException.conflict("WEBHOOK_CHANGED_CONCURRENTLY", "The endpoint was registered meanwhile; try again");
            }
        }
        hooks.remove(employerId);
        registry.counter("sscard_webhooks_registered_total").increment();
        return hook;
    }

    private Optional<String> problem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            return Optional.of("must be an https:// URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of("has no host");
        }
        if (uri.getUserInfo() != null) {
            return Optional.of("must not carry a user name or password: callbacks are signed instead");
        }
        if (uri.getFragment() != null) {
            return Optional.of("must not have a fragment");
        }
        if (loopbackOnly && !loopback(uri.getHost())) {
            return Optional.of("must be on this machine (127.0.0.1 or localhost) in a development profile");
        }
        if (!allowHttp && internal(uri.getHost())) {
            return Optional.of("must name a public host, not an address or name inside the platform's network");
        }
        return Optional.empty();
    }

    private static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("[::1]");
    }

    /**
     * Whether a host is one the platform must not be made to call (server-side request forgery): a name without a
     * dot (a cluster service), localhost, or an address literal that is loopback, private, link-local or unspecified.
     * Names are not resolved here; the egress of the notification service should go through a proxy or a policy
     * that allows only the public internet (docs/security.md).
     */
    static boolean internal(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") || h.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
            try {
                InetAddress a = InetAddress.getByName(h.replace("[", "").replace("]", ""));
                return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress()
                        || a.isAnyLocalAddress() || a.isMulticastAddress()
                        || (a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc); // unique local fc00::/7
            } catch (UnknownHostException e) {
                return true;
            }
        }
        return !h.contains(".") || h.equals("localhost") || h.endsWith(".localhost") || h.endsWith(".local")
                || h.endsWith(".internal") || h.endsWith(".svc") || h.contains(".svc.");
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public EmployerWebhook get(String employerId) {
        return Optional.ofNullable(em.find(EmployerWebhook.class, employerId))
                .orElseThrow(() -> DomainException.notFound("Webhook of " + employerId));
    }

    /** Removes the endpoint; callbacks not yet delivered are given up. */
    public void remove(String employerId) {
        EmployerWebhook hook = get(employerId);
        em.remove(hook);
        em.createQuery("update WebhookDelivery d set d.status = :gaveUp, d.lastError = 'endpoint removed' "
                        + "where d.employerId = :e and d.status in (:pending, :failed)")
                .setParameter("gaveUp", WebhookDelivery.GAVE_UP).setParameter("e", employerId)
                .setParameter("pending", WebhookDelivery.PENDING).setParameter("failed", WebhookDelivery.FAILED)
                .executeUpdate();
        hooks.remove(employerId);
    }

    /** The employer whose callbacks the caller manages: an employer its own; operations and admins name one. */
    public String employerOf(Caller caller, String employerId) {
        if (caller.is(Roles.EMPLOYER) && !caller.isStaff()) {
            return caller.subject();
        }
        if (employerId == null || employerId.isBlank()) {
            throw DomainException.invalid("EMPLOYER_ID_REQUIRED", "Staff name the employer with employerId");
        }
        return employerId;
    }

    // ---------------------------------------------------------------- callbacks

    /** Queues a callback for the employer if it has an endpoint; once per event and type. */
    public void enqueue(String employerId, String type, UUID eventId, Instant occurredAt, Map<String, Object> data) {
        if (employerId == null || !registered(employerId)) {
            return;
        }
        UUID id = UUID.randomUUID();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id.toString());
        body.put("type", type);
        body.put("occurredAt", occurredAt.toString());
        body.put("employerId", employerId);
        body.put("data", data);
        String json;
        try {
            json = mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Instant now = clock.instant();
        em.createNativeQuery("insert into webhook_delivery (id, employer_id, event_id, type, body, status, attempts, "
                        + "next_attempt_at, created_at) values (?1, ?2, ?3, ?4, ?5, 'PENDING', 0, ?6, ?6) "
                        + "on conflict (employer_id, event_id, type) do nothing")
                .unwrap(NativeQuery.class).addSynchronizedQuerySpace("webhook_delivery")
                .setParameter(1, id).setParameter(2, employerId).setParameter(3, eventId).setParameter(4, type)
                .setParameter(5, json).setParameter(6, Timestamp.from(now)).executeUpdate();
        registry.counter("sscard_webhook_callbacks_queued_total", "type", type).increment();
    }

    private boolean registered(String employerId) {
        Instant now = clock.instant();
        Cached c = hooks.get(employerId);
        if (c == null || now.isAfter(c.until())) {
            c = new Cached(em.find(EmployerWebhook.class, employerId) != null, now.plus(cacheFor));
            hooks.put(employerId, c);
        }
        return c.registered();
    }

    /** A test callback, to check the endpoint and the signature on the employer's side. */
    public void ping(String employerId) {
        get(employerId);
        hooks.remove(employerId);
        enqueue(employerId, PING, UUID.randomUUID(), clock.instant(), Map.of("message", "a test callback"));
    }

    // ---------------------------------------------------------------- the delivery log

    /** The employer's callbacks, newest first, of one status or all. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<WebhookDelivery> deliveries(String employerId, String status, int size) {
        TypedQuery<WebhookDelivery> q = em.createQuery("from WebhookDelivery d where d.employerId = :e"
                        + (status == null ? "" : " and d.status = :s") + " order by d.createdAt desc, d.id",
                WebhookDelivery.class).setParameter("e", employerId).setMaxResults(size);
        if (status != null) {
            q.setParameter("s", status);
        }
        return q.getResultList();
    }

    /** Sends a callback again from its first try: after the employer fixed its endpoint, or lost what it got. */
    public WebhookDelivery redeliver(String employerId, UUID deliveryId) {
        WebhookDelivery d = em.find(WebhookDelivery.class, deliveryId, LockModeType.PESSIMISTIC_WRITE);
        if (d == null || !d.employerId.equals(employerId)) {
            throw DomainException.notFound("Delivery " + deliveryId);
        }
        if (em.find(EmployerWebhook.class, employerId) == null) {
            throw DomainException.conflict("WEBHOOK_NOT_REGISTERED", "Register an endpoint before asking for re-delivery");
        }
        d.redeliver(clock.instant());
        registry.counter("sscard_webhook_redeliveries_total").increment();
        return d;
    }
}
