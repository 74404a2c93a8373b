package org.sscard.registration.config;

import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.platform.crypto.EncryptedTable;

import java.util.List;

/** Registration's encrypted columns, which the platform's ReEncryption keeps under the active key. */
@ApplicationScoped
public class EncryptedColumns implements EncryptedTable.Catalogue {
    @Override
    public List<EncryptedTable> tables() {
        return List.of(
                EncryptedTable.text("application", "name", "id_number", "phone", "email", "guardian_name",
                                "guardian_id_number")
                        .withBlindIndex("id_number_index", "id_number")
                        .withBlindIndex("guardian_id_index", "guardian_id_number"),
                EncryptedTable.text("employer", "contact_name", "contact_phone"),
                EncryptedTable.text("roster_row_result", "raw"),
                EncryptedTable.bytes("material_content", "content"),
                EncryptedTable.bytes("roster_file", "content"));
    }
}
