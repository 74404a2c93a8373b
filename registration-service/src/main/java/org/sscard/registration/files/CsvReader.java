package org.sscard.registration.files;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV one record at a time, so a large upload is never held in memory. Handles quoted fields
 * containing commas, doubled quotes and line breaks; records may end in CRLF, LF or CR; a leading byte order mark
 * (which Excel writes for "CSV UTF-8") is dropped. A blank line is a record with one empty field.
 *
 * <p>Lenient where Excel is: a quote inside an unquoted field, or text after a closing quote, is kept as written.
 * Strict where silence would lose data: a quoted field still open at the end of the input, or a record longer than
 * the limit, is an {@link IOException}.
 *
 * <p>The static helpers write CSV back (for example a file of rejected rows for the user to fix).
 *
 * <p>Hand-written rather than Commons CSV: Commons CSV bounds neither a record's nor a field's length, so one stray
 * quote in an employer's file would read the rest of the upload into a single field in memory.
 */
public final class CsvReader implements Closeable {
    /** Longest record accepted by default, in characters; a stray quote could otherwise swallow the whole file. */
    public static final int DEFAULT_MAX_RECORD_CHARS = 1 << 20;

    private static final char BOM = '\uFEFF';
    private static final int EOF = -1;

    private final Reader in;
    private final int maxRecordChars;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private boolean started;
    private boolean ended;
    private long recordNumber;
    private int recordChars;

    public CsvReader(Reader in) {
        this(in, DEFAULT_MAX_RECORD_CHARS);
    }

    public CsvReader(Reader in, int maxRecordChars) {
        this.in = in;
        this.maxRecordChars = maxRecordChars;
    }

    /**
     * A reader over UTF-8 bytes that refuses bytes that are not UTF-8 (with a {@code MalformedInputException} from
     * {@link #next()}), rather than turning names saved as GBK into replacement characters.
     */
    public static CsvReader utf8(InputStream in) {
        return new CsvReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    /** The fields of the next record, or null at the end of the input. */
    public List<String> next() throws IOException {
        if (ended) {
            return null;
        }
        int c = read();
        if (c == EOF) {
            ended = true;
            return null;
        }
        recordNumber++;
        recordChars = 0;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            if (c == '"' && field.isEmpty()) {
                c = readQuoted(field);
            }
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' || c == '\n' || c == EOF) {
                fields.add(field.toString());
                endLine(c);
                return fields;
            } else {
                append(field, (char) c);
            }
            c = read();
        }
    }

    /** The 1-based number of the record last returned by {@link #next()} (the header is record 1); 0 before. */
    public long recordNumber() {
        return recordNumber;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** {@code field} as one CSV field: quoted, with quotes doubled, when it holds a comma, quote, CR or LF. */
    public static String escape(String field) {
        if (field == null) {
            return "";
        }
        boolean needsQuotes = field.indexOf(',') >= 0 || field.indexOf('"') >= 0
                || field.indexOf('\r') >= 0 || field.indexOf('\n') >= 0;
        return needsQuotes ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }

    /** One CSV record: the escaped fields joined by commas, ending in CRLF. */
    public static String line(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(escape(fields.get(i)));
        }
        return line.append("\r\n").toString();
    }

    /**
     * {@code value} made safe to open in a spreadsheet: prefixed with {@code '} when it starts with {@code =},
     * {@code +}, {@code -}, {@code @}, tab or CR. Excel and LibreOffice run such a cell as a formula, so a value a
     * user typed (say {@code =HYPERLINK(...)} as a name) could run in the office of whoever opens our rejected-rows
     * file ("CSV injection", OWASP). The quote makes it plain text. Apply it to user-supplied values only, before
     * {@link #escape}; note that it also changes negative numbers such as {@code -5}.
     */
    public static String safeForSpreadsheet(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    /** Reads a quoted field's content after its opening quote; returns the character after the closing quote. */
    private int readQuoted(StringBuilder field) throws IOException {
        while (true) {
            int c = read();
            if (c == EOF) {
                throw new IOException("record " + recordNumber + ": a quoted field is not closed before the end");
            }
            if (c == '"') {
                c = read();
                if (c != '"') {
                    return c;
                }
            }
            append(field, (char) c);
        }
    }

    private void append(StringBuilder field, char c) throws IOException {
        if (++recordChars > maxRecordChars) {
            throw new IOException("record " + recordNumber + " is longer than " + maxRecordChars + " characters");
        }
        field.append(c);
    }

    private void endLine(int c) throws IOException {
        if (c == EOF) {
            ended = true;
        } else if (c == '\r' && peek() == '\n') {
            read();
        }
    }

    private int peek() throws IOException {
        if (!fill()) {
            return EOF;
        }
        return buffer[position];
    }

    private int read() throws IOException {
        if (!fill()) {
            return EOF;
        }
        return buffer[position++];
    }

    private boolean fill() throws IOException {
        while (position >= limit) {
            int n = in.read(buffer, 0, buffer.length);
            if (n < 0) {
                return false;
            }
            position = 0;
            limit = n;
            skipBomOnce();
        }
        return true;
    }

    private void skipBomOnce() {
        if (!started && limit > 0) {
            started = true;
            if (buffer[0] == BOM) {
                position = 1;
            }
        }
    }
}
