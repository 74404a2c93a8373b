package org.sscard.review.config;

import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.platform.crypto.EncryptedTable;

import java.util.List;

/** Review's encrypted columns, which the platform's ReEncryption keeps under the active key. */
@ApplicationScoped
public class EncryptedColumns implements EncryptedTable.Catalogue {
    @Override
    public List<EncryptedTable> tables() {
        return List.of(EncryptedTable.text("review_task", "name", "id_number")
                .withBlindIndex("id_number_index", "id_number"));
    }
}
