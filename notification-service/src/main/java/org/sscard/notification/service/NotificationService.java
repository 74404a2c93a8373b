package org.sscard.notification.service;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.sscard.events.EventEnvelope;
import org.sscard.events.Payloads;
import org.sscard.notification.domain.ApplicationContact;
import org.sscard.notification.domain.DeliveryStatus;
import org.sscard.notification.domain.EventLogEntry;
import org.sscard.notification.domain.Notification;
import org.sscard.notification.repository.ContactRepository;
import org.sscard.notification.repository.EventLogRepository;
import org.sscard.notification.repository.NotificationRepository;
import org.sscard.platform.crypto.FieldCipher;
import org.sscard.platform.inbox.EventHandlers;
import org.sscard.platform.problem.DomainException;
import org.sscard.platform.security.BlindIndex;
import org.sscard.platform.security.Caller;
import org.sscard.platform.security.Roles;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Records a message to the applicant for each step of the journey and keeps the operations event log. */
@ApplicationScoped
@Transactional
public class NotificationService implements EventHandlers.Scope {
    private final NotificationRepository notifications;
    private final ContactRepository contacts;
    private final EventLogRepository eventLog;
    private final Clock clock;
    private final MeterRegistry registry;
    private final EventStream stream;
    private final TemplateService templates;
    private final String employerLanguage;
    private final BlindIndex index;
    private final FieldCipher cipher;
    private final ServiceLevels serviceLevels;
    private final Webhooks webhooks;

    public NotificationService(NotificationRepository notifications, ContactRepository contacts,
                               EventLogRepository eventLog, Clock clock, MeterRegistry registry, EventStream stream,
                               TemplateService templates, BlindIndex index,
                               @org.eclipse.microprofile.config.inject.ConfigProperty(name = "sscard.employer.language",
                                       defaultValue = "zh") String employerLanguage, FieldCipher cipher,
                               ServiceLevels serviceLevels, Webhooks webhooks) {
        this.webhooks = webhooks;
        this.cipher = cipher;
        this.serviceLevels = serviceLevels;
        this.employerLanguage = employerLanguage;
        this.index = index;
        this.stream = stream;
        this.templates = templates;
        this.notifications = notifications;
        this.contacts = contacts;
        this.eventLog = eventLog;
        this.clock = clock;
        this.registry = registry;
    }

    /**
     * The consumer's batch scope: the contacts of a batch's applications are loaded with one query, and each
     * message template is read once for the batch.
     */
    @Override
    public void beginBatch(List<EventHandlers.Received<?>> events) {
        List<UUID> ids = new ArrayList<>();
        for (EventHandlers.Received<?> r : events) {
            try {
                ids.add(UUID.fromString(r.envelope().aggregateId()));
            } catch (IllegalArgumentException e) {
                // not an application's id: nothing to load for it
            }
        }
        if (!ids.isEmpty()) {
            contacts.list("applicationId in ?1", ids.stream().distinct().toList());
        }
        templates.beginBatch();
    }

    @Override
    public void endBatch() {
        templates.endBatch();
    }

    /** Records the event in the operations log and moves the application's issuance clock ({@link ServiceLevels}). */
    public void log(String topic, EventEnvelope e) {
        EventLogEntry entry = new EventLogEntry();
        entry.eventId = e.eventId();
        entry.type = e.type();
        entry.topic = topic;
        entry.aggregateId = e.aggregateId();
        entry.producer = e.producer();
        entry.occurredAt = e.occurredAt();
        entry.receivedAt = clock.instant();
        eventLog.record(entry);
        stream.afterCommit(entry);
        serviceLevels.track(e);
    }

    public void submitted(EventEnvelope e, Payloads.ApplicationSubmitted p) {
        ApplicationContact c = contacts.findById(UUID.fromString(p.applicationId()));
        if (c == null) {
            c = new ApplicationContact();
            c.applicationId = UUID.fromString(p.applicationId());
            c.applicantId = p.applicantId();
            c.language = p.language() == null ? "zh" : p.language();
            c.phone = cipher.decrypt(p.phone()); // sealed on the bus, sealed again at rest by the entity
            c.preferredChannel = p.preferredChannel() == null ? "SMS" : p.preferredChannel();
            c.email = cipher.decrypt(p.email());
            c.employerId = p.employerId();
            contacts.persist(c);
        }
        // older events name no holder keys: the person's own ID number is then the one holder
        contacts.addHolders(c.applicationId, p.holderKeys() != null ? p.holderKeys()
                : List.of(index.ofIdNumber(cipher.decrypt(p.idNumber()))));
        notify(e, p.applicantId(), c.language, Map.of("masked", p.maskedIdNumber(), "app", p.applicationId()));
    }

    /**
     * The applicant changed how they are reached: from now on messages go to the new phone or e-mail, in the new
     * language. The change itself is told in the inbox and on the channel used until now, to the previous phone or
     * e-mail, so that a change made by somebody else does not go unnoticed (one external message per event).
     */
    public void contactChanged(EventEnvelope e, Payloads.ContactChanged p) {
        UUID id = UUID.fromString(p.applicationId());
        ApplicationContact c = contacts.findById(id);
        if (c == null) { // announced before notification learned of the application: start from the change
            c = new ApplicationContact();
            c.applicationId = id;
            c.applicantId = p.applicantId();
            contacts.persist(c);
        }
        String previousChannel = c.channel();
        String previous = c.address();
        c.phone = cipher.decrypt(p.phone());
        c.email = cipher.decrypt(p.email());
        c.language = p.language() == null ? "zh" : p.language();
        c.preferredChannel = p.preferredChannel() == null ? "SMS" : p.preferredChannel();
        String changed = p.changed() == null ? "" : String.join(", ", p.changed());
        MessageTemplates.Rendered r = templates.render(e.type(), c.language,
                Map.of("masked", p.maskedIdNumber(), "changed", changed));
        Instant now = clock.instant();
        inApp(e, p.applicantId(), c.language, r, now);
        if (previous != null) {
            external(e, p.applicantId(), previousChannel, previous, c.language, r, now);
        } else {
            external(e, p.applicantId(), c, c.language, r, now);
        }
    }

    /** A step of the application that needs only the masked ID number in its message. */
    public void applicationStep(EventEnvelope e, String applicantId, String maskedIdNumber) {
        notify(e, applicantId, language(e), Map.of("masked", maskedIdNumber));
    }

    public void approved(EventEnvelope e, Payloads.ApplicationApproved p) {
        notify(e, p.applicantId(), language(e), Map.of("masked", p.maskedIdNumber()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("applicationId", p.applicationId());
        data.put("maskedIdNumber", p.maskedIdNumber());
        data.put("category", p.category());
        data.put("outletCode", p.outletCode());
        webhooks.enqueue(p.employerId() != null ? p.employerId() : employerOf(e), Webhooks.EMPLOYEE_APPROVED,
                e.eventId(), e.occurredAt(), data);
    }

    public void rejected(EventEnvelope e, Payloads.ApplicationRejected p) {
        decided(e, p.applicantId(), p.maskedIdNumber(), p.reasons(), p.comment());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("applicationId", p.applicationId());
        data.put("maskedIdNumber", p.maskedIdNumber());
        data.put("reasons", p.reasons());
        data.put("comment", p.comment());
        webhooks.enqueue(employerOf(e), Webhooks.EMPLOYEE_REJECTED, e.eventId(), e.occurredAt(), data);
    }

    /** The employer that applied for the event's application, if one did. */
    private String employerOf(EventEnvelope e) {
        ApplicationContact c = contacts.findById(UUID.fromString(e.aggregateId()));
        return c == null ? null : c.employerId;
    }

    public void supplementRequested(EventEnvelope e, Payloads.SupplementRequested p) {
        String comment = p.comment();
        if (p.materials() != null && !p.materials().isEmpty()) {
            String asked = ("en".equals(language(e)) ? "Please supply: " : "请提供：") + String.join(", ", p.materials());
            comment = comment == null || comment.isBlank() ? asked : asked + ". " + comment;
        }
        decided(e, p.applicantId(), p.maskedIdNumber(), p.reasons(), comment);
    }

    private void decided(EventEnvelope e, String applicantId, String masked, List<Payloads.Reason> reasons, String comment) {
        String lang = language(e);
        Map<String, String> values = new HashMap<>();
        values.put("masked", masked);
        values.put("reasons", MessageTemplates.reasons(reasons, lang));
        values.put("comment", comment == null ? "" : comment);
        notify(e, applicantId, lang, values);
    }

    public void readyForCollection(EventEnvelope e, Payloads.CardReadyForCollection p) {
        notify(e, p.applicantId(), language(e), Map.of("card", MessageTemplates.maskCard(p.cardNumber()),
                "outlet", p.outletCode()));
        ApplicationContact c = contacts.findById(UUID.fromString(e.aggregateId()));
        if (c != null && c.employerId != null) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("applicationId", p.applicationId());
            data.put("maskedIdNumber", p.maskedIdNumber());
            data.put("maskedCardNumber", MessageTemplates.maskCard(p.cardNumber()));
            data.put("outletCode", p.outletCode());
            webhooks.enqueue(c.employerId, Webhooks.CARD_READY, e.eventId(), e.occurredAt(), data);
            // the employer's inbox hears about its staff's cards in a digest (EmployerDigest), not once per employee
            notifications.getEntityManager().createNativeQuery("insert into employer_digest (employer_id, outlet_code, "
                            + "cards, first_at) values (?1, ?2, 1, ?3) on conflict (employer_id, outlet_code) "
                            + "do update set cards = employer_digest.cards + 1")
                    .setParameter(1, c.employerId).setParameter(2, p.outletCode()).setParameter(3, e.occurredAt())
                    .executeUpdate();
        }
    }

    /** One summary per roster for the employer's inbox, with the link to its rejected rows. */
    public void rosterProcessed(EventEnvelope e, Payloads.RosterProcessed p) {
        String language = employerLanguage;
        Map<String, String> values = new HashMap<>();
        values.put("status", p.status());
        values.put("total", String.valueOf(p.totalRows()));
        values.put("accepted", String.valueOf(p.accepted()));
        values.put("rejected", String.valueOf(p.rejected()));
        values.put("registered", String.valueOf(p.alreadyRegistered()));
        values.put("late", String.valueOf(p.late()));
        values.put("link", p.rejectedRowsPath());
        toEmployer(e.eventId(), e.type(), p.employerId(), language, templates.render(e.type(), language, values),
                e.occurredAt());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("rosterId", p.rosterId());
        data.put("status", p.status());
        data.put("totalRows", p.totalRows());
        data.put("accepted", p.accepted());
        data.put("rejected", p.rejected());
        data.put("alreadyRegistered", p.alreadyRegistered());
        data.put("late", p.late());
        data.put("failure", p.failure());
        // paths on registration's API, where the employer uploaded the roster
        data.put("results", "/api/v1/rosters/" + p.rosterId() + "/results");
        data.put("rejectedRows", p.rejectedRowsPath());
        webhooks.enqueue(p.employerId(), Webhooks.ROSTER_PROCESSED, e.eventId(), e.occurredAt(), data);
    }

    /** A message in an employer's in-app inbox (employers read it with their credit code as subject). */
    public void toEmployer(UUID eventId, String type, String employerId, String language, MessageTemplates.Rendered r,
                           Instant occurredAt) {
        Instant now = clock.instant();
        Notification n = new Notification();
        n.id = UUID.randomUUID();
        n.eventId = eventId;
        n.recipientId = employerId;
        n.channel = "IN_APP";
        n.language = language;
        n.eventType = type;
        n.title = r.title();
        n.body = r.body();
        n.occurredAt = occurredAt;
        n.createdAt = now;
        n.status = DeliveryStatus.SENT;
        n.sentAt = now;
        notifications.persist(n);
        registry.counter("sscard_notifications_total", "type", type, "channel", "IN_APP").increment();
    }

    public void collected(EventEnvelope e, Payloads.CardCollected p) {
        notify(e, p.applicantId(), language(e), Map.of("card", MessageTemplates.maskCard(p.cardNumber()),
                "outlet", p.outletCode()));
    }

    /** Lifecycle events with a template (expiry notice, loss report) become a message to the holder. */
    public void lifecycle(EventEnvelope e, Payloads.CardLifecycle p) {
        if (!MessageTemplates.hasTemplate(e.type())) {
            return;
        }
        Map<String, String> values = new HashMap<>();
        values.put("card", MessageTemplates.maskCard(p.cardNumber()));
        values.put("until", p.until() == null ? "" : p.until().substring(0, 10));
        values.put("related", p.relatedCardNumber() == null ? "" : MessageTemplates.maskCard(p.relatedCardNumber()));
        values.put("outlet", p.outletCode() == null ? "" : p.outletCode());
        notify(e, p.applicantId(), language(e), values);
    }

    private String language(EventEnvelope e) {
        ApplicationContact c = contacts.findById(UUID.fromString(e.aggregateId()));
        return c == null ? "zh" : c.language;
    }

    /**
     * One message per step: in the in-app inbox of the application's holders (read through their verified
     * identity), and on their preferred channel (SMS by default, or e-mail), which the dispatcher delivers. Never two
     * for one event and channel.
     */
    private void notify(EventEnvelope e, String applicantId, String language, Map<String, String> values) {
        MessageTemplates.Rendered r = templates.render(e.type(), language, values);
        Instant now = clock.instant();
        inApp(e, applicantId, language, r, now);
        ApplicationContact c = contacts.findById(UUID.fromString(e.aggregateId()));
        if (c != null) {
            external(e, applicantId, c, language, r, now);
        }
    }

    private void inApp(EventEnvelope e, String applicantId, String language, MessageTemplates.Rendered r, Instant now) {
        Notification inApp = message(e, applicantId, "IN_APP", null, language, r, now);
        inApp.status = DeliveryStatus.SENT;
        inApp.sentAt = now;
        notifications.persist(inApp);
    }

    /** The message on the contact's channel ({@link ApplicationContact#channel()}). */
    private void external(EventEnvelope e, String applicantId, ApplicationContact c, String language,
                          MessageTemplates.Rendered r, Instant now) {
        external(e, applicantId, c.channel(), c.address(), language, r, now);
    }

    /** A message for the dispatcher to deliver to {@code address}; none without an address. */
    private void external(EventEnvelope e, String applicantId, String channel, String address, String language,
                          MessageTemplates.Rendered r, Instant now) {
        if (address == null) {
            return;
        }
        Notification external = message(e, applicantId, channel, address, language, r, now);
        external.status = DeliveryStatus.PENDING;
        external.nextAttemptAt = now;
        notifications.persist(external);
    }

    private Notification message(EventEnvelope e, String applicantId, String channel, String address, String language,
                                 MessageTemplates.Rendered r, Instant now) {
        Notification n = new Notification();
        n.id = UUID.randomUUID();
        n.eventId = e.eventId();
        n.applicationId = UUID.fromString(e.aggregateId());
        n.recipientId = applicantId;
        n.channel = channel;
        n.address = address;
        n.language = language;
        n.eventType = e.type();
        n.title = r.title();
        n.body = r.body();
        n.occurredAt = e.occurredAt();
        n.createdAt = now;
        registry.counter("sscard_notifications_total", "type", e.type(), "channel", channel).increment();
        return n;
    }

    /** Applicants read their own messages; staff read the messages of one application. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Notification> list(Caller caller, UUID applicationId, int size) {
        if (caller.isStaff()) {
            if (applicationId == null) {
                throw DomainException.invalid("APPLICATION_ID_REQUIRED", "Staff search by applicationId");
            }
            return notifications.search(null, applicationId, size);
        }
        if (caller.is(Roles.APPLICANT)) {
            // the in-app messages of the applications the verified person holds; no verified identity, no messages
            return caller.verifiedIdNumber().map(index::ofIdNumber)
                    .map(key -> notifications.forHolder(key, applicationId, size))
                    .orElse(List.of());
        }
        // an employer's inbox: the summaries and digests addressed to its credit code
        return notifications.search(caller.subject(), applicationId, size).stream()
                .filter(n -> "IN_APP".equals(n.channel)).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<EventLogEntry> events(String applicationId, int size) {
        return eventLog.recent(applicationId, size);
    }
}
