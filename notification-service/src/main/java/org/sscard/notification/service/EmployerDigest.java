package org.sscard.notification.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Tells each employer, in one message per collection outlet, how many of its staff's cards became ready since the
 * last digest (employer_digest, filled as CardReadyForCollection events arrive). The rows are taken and the
 * messages written in one transaction, so a digest is never sent twice or lost.
 */
@ApplicationScoped
public class EmployerDigest {
    private static final Logger LOG = Logger.getLogger(EmployerDigest.class);
    private final EntityManager em;
    private final NotificationService notifications;
    private final TemplateService templates;
    private final Clock clock;
    private final String language;

    public EmployerDigest(EntityManager em, NotificationService notifications, TemplateService templates, Clock clock,
                          @ConfigProperty(name = "sscard.employer.language", defaultValue = "zh") String language) {
        this.em = em;
        this.notifications = notifications;
        this.templates = templates;
        this.clock = clock;
        this.language = language;
    }

    @Scheduled(every = "${sscard.employer.digest-interval:1h}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            QuarkusTransaction.requiringNew().run(this::send);
        } catch (RuntimeException e) {
            LOG.warnf("Employer digest failed, will retry on the next run: %s", e.getClass().getSimpleName());
        }
    }

    @Transactional
    public void send() {
        @SuppressWarnings("unchecked")
        List<Object[]> due = em.createNativeQuery("delete from employer_digest where (employer_id, outlet_code) in "
                        + "(select employer_id, outlet_code from employer_digest for update skip locked) "
                        + "returning employer_id, outlet_code, cards")
                .getResultList();
        Instant now = clock.instant();
        for (Object[] row : due) {
            MessageTemplates.Rendered r = templates.render(MessageTemplates.EMPLOYER_CARDS_READY, language,
                    Map.of("count", String.valueOf(((Number) row[2]).intValue()), "outlet", (String) row[1]));
            notifications.toEmployer(UUID.randomUUID(), MessageTemplates.EMPLOYER_CARDS_READY, (String) row[0], language,
                    r, now);
        }
    }
}
