package org.sscard.cardproduction.config;

import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.platform.crypto.EncryptedTable;

import java.util.List;

/** Card production's encrypted columns, which the platform's ReEncryption keeps under the active key. */
@ApplicationScoped
public class EncryptedColumns implements EncryptedTable.Catalogue {
    @Override
    public List<EncryptedTable> tables() {
        return List.of(EncryptedTable.text("card", "name", "id_number", "proxy_id_number", "proxy_name"));
    }
}
