package org.sscard.registration.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sscard.registration.config.RegistrationConfig;
import org.sscard.registration.files.CsvReader;
import org.sscard.registration.files.XlsxReader;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a roster one row at a time, whatever its format, so that a roster of any size never sits in memory as
 * rows. The header names the columns; {@link RosterColumns} maps them (English or Chinese) to form fields.
 */
abstract class RosterRows implements Closeable {

    /** One data row: its number as the employer sees it (spreadsheet line, or position in a JSON array). */
    record Row(int number, List<String> values) {
    }

    /** The file is not a readable roster of its format; the job fails with this message. */
    static final class UnreadableRoster extends IOException {
        UnreadableRoster(String message) {
            super(message);
        }
    }

    abstract List<String> header() throws IOException;

    /** The next data row, or null after the last. */
    abstract Row next() throws IOException;

    static RosterRows open(String format, byte[] content, ObjectMapper mapper, RegistrationConfig.Roster limits)
            throws IOException {
        return switch (format) {
            case "CSV" -> new Csv(content);
            case "JSON" -> new Json(content, mapper);
            case "XLSX" -> new Xlsx(content, limits.maxUncompressedBytes(), limits.maxSharedStringsBytes());
            default -> throw new UnreadableRoster("Unknown roster format " + format);
        };
    }

    /** A sheet of rows whose first row is the header (CSV, a worksheet); blank rows are skipped. */
    private abstract static class Sheet extends RosterRows {
        private List<String> header;

        /** The next row of cells, or null after the last. */
        abstract List<String> read() throws IOException;

        /** The employer's number of the row last read. */
        abstract int number();

        abstract String emptyMessage();

        @Override
        List<String> header() throws IOException {
            if (header == null) {
                header = read();
                if (header == null) {
                    throw new UnreadableRoster(emptyMessage());
                }
            }
            return header;
        }

        @Override
        Row next() throws IOException {
            header();
            List<String> values;
            do {
                values = read();
            } while (values != null && values.stream().allMatch(String::isBlank));
            return values == null ? null : new Row(number(), values);
        }
    }

    private static final class Csv extends Sheet {
        private final CsvReader reader;

        Csv(byte[] content) {
            reader = CsvReader.utf8(new ByteArrayInputStream(content));
        }

        @Override
        List<String> read() throws IOException {
            return reader.next();
        }

        @Override
        int number() {
            return (int) reader.recordNumber();
        }

        @Override
        String emptyMessage() {
            return "The CSV file is empty; it needs a header row";
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    /** A JSON array of objects whose keys are the column names; streamed with Jackson's parser. */
    private static final class Json extends RosterRows {
        private final JsonParser parser;
        private final ObjectMapper mapper;
        private int index;

        Json(byte[] content, ObjectMapper mapper) throws IOException {
            this.mapper = mapper;
            // the roster's upload limit bounds its size; depth and string limits stay those of every JSON document
            com.fasterxml.jackson.core.JsonFactory factory = mapper.getFactory().copy();
            factory.setStreamReadConstraints(factory.streamReadConstraints().rebuild().maxDocumentLength(-1).build());
            parser = factory.createParser(content);
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new UnreadableRoster("A JSON roster is an array of objects, one per employee");
            }
        }

        @Override
        List<String> header() {
            return RosterColumns.CANONICAL;
        }

        @Override
        Row next() throws IOException {
            try {
                JsonToken token = parser.nextToken();
                if (token == JsonToken.END_ARRAY || token == null) {
                    return null;
                }
                index++;
                JsonNode node = mapper.readTree(parser);
                List<String> values = new ArrayList<>(RosterColumns.CANONICAL.size());
                for (String column : RosterColumns.CANONICAL) {
                    JsonNode v = node.isObject() ? node.get(column) : null;
                    values.add(v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString());
                }
                return new Row(index, values);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UnreadableRoster("The JSON roster is malformed after element " + index + " (line "
                        + e.getLocation().getLineNr() + ")");
            }
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }

    /** The first worksheet of an Excel workbook, read from a temporary file that is deleted on close. */
    private static final class Xlsx extends Sheet {
        private final Path file;
        private final XlsxReader reader;

        Xlsx(byte[] content, long maxUncompressedBytes, long maxSharedStringsBytes) throws IOException {
            file = Files.createTempFile("roster", ".xlsx");
            Files.write(file, content);
            try {
                reader = new XlsxReader(file, maxUncompressedBytes, maxSharedStringsBytes);
            } catch (IOException e) {
                Files.deleteIfExists(file);
                throw new UnreadableRoster(e.getMessage());
            }
        }

        @Override
        List<String> read() throws IOException {
            return reader.next();
        }

        @Override
        int number() {
            return reader.rowNumber();
        }

        @Override
        String emptyMessage() {
            return "The first worksheet is empty; it needs a header row";
        }

        @Override
        public void close() throws IOException {
            try {
                reader.close();
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }
}
