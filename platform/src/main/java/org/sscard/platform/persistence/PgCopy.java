package org.sscard.platform.persistence;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.postgresql.PGConnection;

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
        // Straight to UTF-8: a StringBuilder holding one Chinese name widens to two bytes a character, and the
        // driver then encodes all of it again; here each value is encoded once and ASCII values are just copied.
        Utf8Buffer data = new Utf8Buffer(rows.size() * 200);
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    data.write('\t');
                }
                appendValue(data, row[i]);
            }
            data.write('\n');
        }
        long[] written = new long[1];
        em.unwrap(Session.class).doWork(connection -> {
            try {
                written[0] = connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("copy " + table + " (" + columns + ") from stdin", data.asInputStream());
            } catch (java.io.IOException e) {
                throw new java.sql.SQLException("COPY into " + table + " failed", e);
            }
        });
        return written[0];
    }

    private static void appendValue(Utf8Buffer out, Object value) {
        if (value == null) {
            out.writeAscii("\\N");
            return;
        }
        String s = value.toString();
        if (needsEscape(s)) {
            StringBuilder escaped = new StringBuilder(s.length() + 8);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '\\' -> escaped.append("\\\\");
                    case '\t' -> escaped.append("\\t");
                    case '\n' -> escaped.append("\\n");
                    case '\r' -> escaped.append("\\r");
                    default -> escaped.append(c);
                }
            }
            s = escaped.toString();
        }
        out.writeUtf8(s);
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

    /** A growable byte buffer that reads back as a stream without copying. */
    private static final class Utf8Buffer extends java.io.ByteArrayOutputStream {
        Utf8Buffer(int size) {
            super(size);
        }

        void writeAscii(String s) {
            for (int i = 0; i < s.length(); i++) {
                write(s.charAt(i));
            }
        }

        void writeUtf8(String s) {
            writeBytes(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        java.io.InputStream asInputStream() {
            return new java.io.ByteArrayInputStream(buf, 0, count);
        }
    }
}
