package org.sscard.notification.channel;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.notification.domain.Notification;

/** E-mail through Quarkus Mailer (SMTP from configuration; the mock mailbox in development and tests). */
@ApplicationScoped
public class EmailSender implements ChannelSender {
    private final Mailer mailer;

    public EmailSender(Mailer mailer) {
        this.mailer = mailer;
    }

    @Override
    public String channel() {
        return "EMAIL";
    }

    @Override
    public void send(Notification n) {
        // the same Message-ID on a resend lets mail systems drop the duplicate
        mailer.send(Mail.withText(n.address, n.title, n.body)
                .addHeader("Message-ID", "<" + n.id + "@notification.sscard>"));
    }
}
