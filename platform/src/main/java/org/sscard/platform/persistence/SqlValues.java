package org.sscard.platform.persistence;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Values between Java and SQL: those of native query results, whichever Java type the driver and Hibernate chose for
 * them, and texts cut to the width of their column.
 */
public final class SqlValues {
    /** A {@code timestamptz} column as an instant (null stays null). */
    public static Instant instant(Object value) {
        if (value == null || value instanceof Instant) {
            return (Instant) value;
        }
        if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }

    /** {@code text} cut to the width of its {@code varchar} column, {@code max} characters (null stays null). */
    public static String fit(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    private SqlValues() {
    }
}
