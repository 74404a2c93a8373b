package org.sscard.notification.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import org.sscard.notification.domain.TemplateVersion;
import org.sscard.notification.repository.TemplateRepository;
import org.sscard.platform.problem.DomainException;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Message templates as versioned data. The words in {@link MessageTemplates} become version 1 of each template
 * on first start; an admin adds versions, previews them with sample values and activates one.
 */
@ApplicationScoped
@Transactional
public class TemplateService {
    private static final Logger LOG = Logger.getLogger(TemplateService.class);
    static final List<String> LANGUAGES = List.of("zh", "en");

    /** While a consumer's batch runs on this thread: the active words of each event type and language, read once. */
    private static final ThreadLocal<Map<String, MessageTemplates.Rendered>> BATCH = new ThreadLocal<>();

    private final TemplateRepository templates;
    private final Clock clock;

    public TemplateService(TemplateRepository templates, Clock clock) {
        this.templates = templates;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    void seed(@Observes StartupEvent e) {
        for (String type : MessageTemplates.TEMPLATES.keySet()) {
            for (String language : LANGUAGES) {
                try {
                    QuarkusTransaction.requiringNew().run(() -> {
                        if (templates.latestVersion(type, language) == 0) {
                            MessageTemplates.Rendered d = MessageTemplates.defaults(type, language);
                            insert(type, language, 1, d.title(), d.body(), true, "system");
                        }
                    });
                } catch (RuntimeException ex) {
                    // another instance seeded it at the same moment
                    LOG.debugf("template %s/%s already seeded", type, language);
                }
            }
        }
    }

    private TemplateVersion insert(String type, String language, int version, String title, String body, boolean active,
                                   String by) {
        TemplateVersion t = new TemplateVersion();
        t.eventType = type;
        t.language = language;
        t.version = version;
        t.title = title;
        t.body = body;
        t.active = active;
        t.createdBy = by;
        t.createdAt = clock.instant();
        templates.persist(t);
        return t;
    }

    /** The message for an event in a language, from the active version (the built-in words if none is active). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public MessageTemplates.Rendered render(String eventType, String language, Map<String, String> values) {
        Map<String, MessageTemplates.Rendered> batch = BATCH.get();
        MessageTemplates.Rendered words = batch == null ? activeWords(eventType, language)
                : batch.computeIfAbsent(eventType + "/" + language, k -> activeWords(eventType, language));
        return MessageTemplates.fill(words.title(), words.body(), values);
    }

    private MessageTemplates.Rendered activeWords(String eventType, String language) {
        return templates.active(eventType, language).map(t -> new MessageTemplates.Rendered(t.title, t.body))
                .orElseGet(() -> MessageTemplates.defaults(eventType, language));
    }

    /** A consumer's batch starts on this thread: it reads each template once (an activation applies from the next). */
    public void beginBatch() {
        BATCH.set(new HashMap<>());
    }

    public void endBatch() {
        BATCH.remove();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<TemplateVersion> list(String eventType) {
        return templates.all(eventType);
    }

    /** A new, inactive version; it is used only once activated. */
    public TemplateVersion create(String eventType, String language, String title, String body, String admin) {
        if (!MessageTemplates.hasTemplate(eventType)) {
            throw DomainException.breaksRule("NO_MESSAGE_FOR_EVENT",
                    "Messages exist for " + MessageTemplates.TEMPLATES.keySet().stream().sorted().toList());
        }
        List<String> unknown = MessageTemplates.unknownPlaceholders(title + " " + body);
        if (!unknown.isEmpty()) {
            throw DomainException.breaksRule("UNKNOWN_PLACEHOLDER", "Unknown placeholders " + unknown
                    + "; allowed: " + MessageTemplates.PLACEHOLDERS.stream().sorted().map(p -> "{" + p + "}").toList());
        }
        int next = templates.latestVersion(eventType, language) + 1;
        return insert(eventType, language, next, title, body, false, admin);
    }

    /** A template version filled with sample values (and any given): what a recipient would read. */
    public record Preview(TemplateVersion template, String title, String body) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Preview preview(long id, Map<String, String> values) {
        TemplateVersion t = find(id);
        Map<String, String> all = new HashMap<>(MessageTemplates.SAMPLE);
        if (values != null) {
            all.putAll(values);
        }
        MessageTemplates.Rendered r = MessageTemplates.fill(t.title, t.body, all);
        return new Preview(t, r.title(), r.body());
    }

    /** Makes this version the one in use for its event type and language. */
    public TemplateVersion activate(long id) {
        TemplateVersion t = find(id);
        templates.active(t.eventType, t.language).filter(a -> !a.id.equals(t.id)).ifPresent(a -> {
            a.active = false;
            templates.flush(); // the partial unique index allows one active version at a time
        });
        t.active = true;
        return t;
    }

    private TemplateVersion find(long id) {
        return templates.findByIdOptional(id).orElseThrow(() -> DomainException.notFound("Template " + id));
    }
}
