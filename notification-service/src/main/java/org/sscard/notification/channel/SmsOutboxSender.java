package org.sscard.notification.channel;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.sscard.notification.domain.Notification;
import org.sscard.platform.crypto.FieldCipher;

import java.sql.Timestamp;
import java.time.Clock;

/**
 * The default SMS adapter: writes the text to the sms_outbox table that the SMS gateway reads. Keyed by the
 * notification id, so a second send of the same notification queues nothing new. The phone number and the text are
 * sealed (platform FieldCipher): the gateway's reader opens them with the same key ring.
 */
@ApplicationScoped
@DefaultBean
public class SmsOutboxSender implements SmsSender {
    private final EntityManager em;
    private final Clock clock;
    private final FieldCipher cipher;

    public SmsOutboxSender(EntityManager em, Clock clock, FieldCipher cipher) {
        this.em = em;
        this.cipher = cipher;
        this.clock = clock;
    }

    @Override
    public void send(Notification n) {
        em.createNativeQuery("insert into sms_outbox (notification_id, phone, text, created_at) values (?1, ?2, ?3, ?4) "
                        + "on conflict (notification_id) do nothing")
                .setParameter(1, n.id).setParameter(2, cipher.encrypt(n.address))
                .setParameter(3, cipher.encrypt(n.title + "：" + n.body))
                .setParameter(4, Timestamp.from(clock.instant()))
                .executeUpdate();
    }
}
