package org.sscard.platform.outbox;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.postgresql.PGConnection;

import java.io.StringReader;
import java.util.List;

/**
 * Writes many rows with PostgreSQL {@code COPY ... FROM STDIN} on the connection of the current transaction, so
 * they commit or roll back with everything else in it. Values are written in COPY's text format.
 */
public final class PgCopy {
    private PgCopy() {
    }

    /** Copies {@code rows} into {@code table (columns)}; a null value is SQL NULL. Returns the rows written. */
    public static long copy(EntityManager em, String table, String columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        StringBuilder data = new StringBuilder(rows.size() * 256);
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    data.append('\t');
                }
                appendValue(data, row[i]);
            }
            data.append('\n');
        }
        long[] written = new long[1];
        em.unwrap(Session.class).doWork(connection -> {
            try {
                written[0] = connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("copy " + table + " (" + columns + ") from stdin", new StringReader(data.toString()));
            } catch (java.io.IOException e) {
                throw new java.sql.SQLException("COPY into " + table + " failed", e);
            }
        });
        return written[0];
    }

    private static void appendValue(StringBuilder out, Object value) {
        if (value == null) {
            out.append("\\N");
            return;
        }
        String s = value.toString();
        if (!needsEscape(s)) {
            out.append(s); // the common case, copied in one go
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }

    private static boolean needsEscape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }
}
