package org.sscard.platform.persistence;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A typed row's columns come from its components, in order, in snake case. */
class PgCopyTest {
    private record ResultRow(UUID rosterId, int rowNumber, String outcome, Instant createdAt, String raw) {
    }

    @Test
    void theColumnsAreTheComponentsInSnakeCaseInOrder() {
        assertEquals("roster_id, row_number, outcome, created_at, raw", PgCopy.columns(ResultRow.class));
    }

    @Test
    void onlyARecordIsARow() {
        assertThrows(IllegalArgumentException.class, () -> PgCopy.copy(null, "t", (Class) Object.class,
                java.util.List.of()));
    }
}
