package org.sscard.notification.config;

import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.platform.crypto.EncryptedTable;

import java.util.List;

/** Notification's encrypted columns, which the platform's ReEncryption keeps under the active key. */
@ApplicationScoped
public class EncryptedColumns implements EncryptedTable.Catalogue {
    @Override
    public List<EncryptedTable> tables() {
        return List.of(
                EncryptedTable.text("application_contact", "phone", "email"),
                EncryptedTable.text("notification", "address"),
                EncryptedTable.text("sms_outbox", "phone", "text"));
    }
}
