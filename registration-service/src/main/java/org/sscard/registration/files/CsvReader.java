package org.sscard.registration.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV one record at a time with Jackson's CSV parser, so a large upload is never held in memory.
 * Handles quoted fields containing commas, doubled quotes and line breaks; records may end in CRLF, LF or CR; a
 * leading byte order mark (which Excel writes for "CSV UTF-8") is dropped. A blank line is a record with one empty
 * field. A quote inside an unquoted field is kept as written.
 *
 * <p>Bounded where silence would cost memory or lose data: a field longer than the limit (Jackson's
 * {@code StreamReadConstraints}, so a stray quote cannot read the rest of the upload into one field), a record
 * longer than the limit in all, a quoted field still open at the end of the input, and text after a closing quote
 * are each an {@link IOException} that names the record.
 *
 * <p>The static helpers write CSV back (for example a file of rejected rows for the user to fix).
 */
public final class CsvReader implements Closeable {
    /** Longest record accepted by default, in characters; a stray quote could otherwise swallow the whole file. */
    public static final int DEFAULT_MAX_RECORD_CHARS = 1 << 20;

    private static final char BOM = '\uFEFF';

    private final CsvParser parser;
    private final int maxRecordChars;
    private long recordNumber;
    private boolean ended;

    public CsvReader(Reader in) {
        this(in, DEFAULT_MAX_RECORD_CHARS);
    }

    public CsvReader(Reader in, int maxRecordChars) {
        this.maxRecordChars = maxRecordChars;
        CsvFactory factory = CsvFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxRecordChars).build())
                .build();
        try {
            this.parser = factory.createParser(withoutBom(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        try {
            JsonToken token = parser.nextToken();
            if (token == null) {
                ended = true;
                return null;
            }
            recordNumber++;
            if (token != JsonToken.START_ARRAY) {
                throw new IOException("record " + recordNumber + " is not a row of fields");
            }
            List<String> fields = new ArrayList<>();
            int chars = 0;
            for (token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    throw new IOException("record " + recordNumber + ": a quoted field is not closed before the end");
                }
                String field = parser.getText();
                chars += field.length();
                if (chars > maxRecordChars) {
                    throw tooLong();
                }
                fields.add(field);
            }
            return fields;
        } catch (StreamConstraintsException e) {
            throw tooLong();
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage();
            throw new IOException("record " + recordNumber + ": " + (why.contains("closing quote")
                    ? "a quoted field is not closed before the end"
                    : why.contains("Expected column separator")
                    ? "text after a closing quote (a quote inside a quoted field is written twice)"
                    : why.split("\n")[0]), e);
        }
    }

    private IOException tooLong() {
        return new IOException("record " + recordNumber + " is longer than " + maxRecordChars + " characters");
    }

    /** {@code in} without a byte order mark at its very start. */
    private static Reader withoutBom(Reader in) {
        PushbackReader pushback = new PushbackReader(in, 1);
        return new Reader() {
            private boolean started;

            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                if (!started) {
                    started = true;
                    int first = pushback.read();
                    if (first == -1) {
                        return -1;
                    }
                    if (first != BOM) {
                        pushback.unread(first);
                    }
                }
                return pushback.read(buffer, offset, length);
            }

            @Override
            public void close() throws IOException {
                pushback.close();
            }
        };
    }

    /** The 1-based number of the record last returned by {@link #next()} (the header is record 1); 0 before. */
    public long recordNumber() {
        return recordNumber;
    }

    @Override
    public void close() throws IOException {
        parser.close();
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
}
