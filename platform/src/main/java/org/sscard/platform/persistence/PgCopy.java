package org.sscard.platform.persistence;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.postgresql.PGConnection;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * Writes many rows with PostgreSQL {@code COPY ... FROM STDIN} on the connection of the current transaction, so
 * they commit or roll back with everything else in it. Values are written in COPY's text format.
 */
public final class PgCopy {
    private PgCopy() {
    }

    /** The columns of a record type and how to read each from a row, found once per type. */
    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return Shape.of(type);
        }
    };

    /**
     * Copies {@code rows} into {@code table}, one column per component of the record {@code R}, named as the
     * component in snake case ({@code idNumberIndex} is column {@code id_number_index}): a row's values and the
     * columns they go to are declared once, together, and cannot drift apart. A null value is SQL NULL; a value is
     * written as its {@code toString()} (an enum's name, ISO dates and instants). Returns the rows written.
     */
    public static <R extends Record> long copy(EntityManager em, String table, Class<R> type, List<R> rows) {
        Shape shape = SHAPES.get(type);
        if (rows.isEmpty()) {
            return 0;
        }
        Utf8Buffer data = new Utf8Buffer(rows.size() * 200);
        try {
            for (R row : rows) {
                for (int i = 0; i < shape.accessors.length; i++) {
                    if (i > 0) {
                        data.write('\t');
                    }
                    appendValue(data, shape.accessors[i].invokeExact((Object) row));
                }
                data.write('\n');
            }
        } catch (Throwable e) { // an accessor of a record only returns its field
            throw new IllegalStateException("reading a " + type.getSimpleName() + " to copy failed", e);
        }
        return copyIn(em, table, shape.columns, data);
    }

    /** The columns {@link #copy(EntityManager, String, Class, List)} writes for {@code type}, comma-separated. */
    static String columns(Class<? extends Record> type) {
        return SHAPES.get(type).columns;
    }

    /**
     * Copies {@code rows} into {@code table (columns)}, each an array of values in the order of {@code columns}
     * (for rows whose columns are known only at run time, as {@link DeferredRows}'); a null value is SQL NULL.
     * Returns the rows written.
     */
    public static long copy(EntityManager em, String table, String columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
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
        return copyIn(em, table, columns, data);
    }

    /**
     * Sends {@code data} with COPY. Straight to UTF-8: a StringBuilder holding one Chinese name widens to two bytes a
     * character, and the driver then encodes all of it again; here each value is encoded once and ASCII values are
     * just copied.
     */
    private static long copyIn(EntityManager em, String table, String columns, Utf8Buffer data) {
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

    /** A record type as COPY writes it: its columns, and a handle reading each component as an Object. */
    private record Shape(String columns, MethodHandle[] accessors) {
        static Shape of(Class<?> type) {
            if (!type.isRecord()) {
                throw new IllegalArgumentException(type + " is not a record");
            }
            RecordComponent[] components = type.getRecordComponents();
            MethodHandle[] accessors = new MethodHandle[components.length];
            StringBuilder columns = new StringBuilder();
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            for (int i = 0; i < components.length; i++) {
                Method accessor = components[i].getAccessor();
                accessor.setAccessible(true); // a record private to its writer
                try {
                    accessors[i] = lookup.unreflect(accessor)
                            .asType(MethodType.methodType(Object.class, Object.class));
                } catch (IllegalAccessException e) {
                    throw new IllegalArgumentException("cannot read " + type + "." + components[i].getName(), e);
                }
                columns.append(i > 0 ? ", " : "").append(snakeCase(components[i].getName()));
            }
            return new Shape(columns.toString(), accessors);
        }

        private static String snakeCase(String name) {
            StringBuilder s = new StringBuilder(name.length() + 4);
            for (char c : name.toCharArray()) {
                if (Character.isUpperCase(c)) {
                    s.append('_').append(Character.toLowerCase(c));
                } else {
                    s.append(c);
                }
            }
            return s.toString();
        }
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
