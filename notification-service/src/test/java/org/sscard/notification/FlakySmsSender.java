package org.sscard.notification;

import io.quarkus.test.Mock;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import org.sscard.notification.channel.SmsOutboxSender;
import org.sscard.notification.domain.Notification;
import org.sscard.platform.crypto.FieldCipher;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SMS outbox with faults for chosen numbers: 13900000001 fails once, 13900000002 always, and 13900000003 dies
 * once right after queuing the text (as a process killed between sending and recording would).
 */
@Mock
@Singleton
public class FlakySmsSender extends SmsOutboxSender {
    private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

    public FlakySmsSender(EntityManager em, Clock clock, FieldCipher cipher) {
        super(em, clock, cipher);
    }

    @Override
    public void send(Notification n) {
        if ("13900000001".equals(n.address) && failedOnce.add(n.id.toString())) {
            throw new IllegalStateException("gateway busy");
        }
        if ("13900000002".equals(n.address)) {
            throw new IllegalStateException("number unreachable");
        }
        super.send(n);
        if ("13900000003".equals(n.address) && failedOnce.add(n.id.toString())) {
            throw new IllegalStateException("killed after queuing");
        }
    }
}
