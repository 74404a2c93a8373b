package org.sscard.registration.files;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads the first worksheet (the leftmost tab) of an .xlsx workbook row by row with StAX, without loading the sheet
 * into memory; only the shared-string table is held. Every cell comes back as text, placed by its column letter, so
 * a row is a list with "" for the empty cells before the last one present. Rows Excel omits (entirely empty) are
 * not returned; {@link #rowNumber()} tells which sheet row a list came from.
 *
 * <p>Cell text: shared and inline strings and cached formula strings as written; booleans as TRUE/FALSE; errors
 * as their code (#N/A); numbers as written, except that integers written as {@code 42.0} or {@code 4.2E1} come back
 * as {@code 42}. Dates are plain serial numbers in the file: convert with {@link #excelSerialDate(String)}. An ID
 * number typed into a number-formatted cell has already lost its last digits inside the file ({@code
 * 1.1010519491231E+17}); {@link #looksLikeLostDigits(String)} spots that so the user can be told to format the
 * column as Text.
 *
 * <p>Hostile files: DTDs and external entities are off (XXE), and every part read is counted as it inflates, so an
 * entry bigger than the limit given to the constructor fails with an {@link IOException} (zip bomb).
 *
 * <p>Hand-written rather than a library: fastexcel-reader is not available from the registries this project
 * builds from, and Apache POI's event API brings XMLBeans and the OOXML schemas (tens of megabytes of classes) into
 * a service sized to 288 MB of heap, to read what a StAX loop over two parts reads.
 */
public final class XlsxReader implements Closeable {
    private static final String FALLBACK_SHEET = "xl/worksheets/sheet1.xml";
    private static final int MAX_COLUMNS = 16_384; // XFD, Excel's last column
    private static final BigDecimal FIFTEEN_DIGITS = new BigDecimal("1E15"); // Excel keeps 15 significant digits
    private static final LocalDate SERIAL_BASE = LocalDate.of(1899, 12, 30);
    private static final int FAKE_LEAP_DAY = 60; // 1900-02-29, which Lotus 1-2-3 and so Excel count as a day
    private static final long MAX_SERIAL = 2_958_465; // 9999-12-31
    private static final Pattern ESCAPED_CHAR = Pattern.compile("_x([0-9A-Fa-f]{4})_");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /** What the shared strings may take of the heap by default: far above a 100,000-row roster's few MB. */
    public static final long DEFAULT_MAX_SHARED_STRINGS_BYTES = 64L * 1024 * 1024;
    /** What one held string costs beyond its characters (object header, array header, list slot). */
    private static final long STRING_OVERHEAD = 56;

    private final ZipFile zip;
    private final long maxUncompressedBytes;
    private final long maxSharedStringsBytes;
    private final XMLInputFactory xml = secureFactory();
    private final List<String> sharedStrings;
    private final InputStream sheetStream;
    private final XMLStreamReader sheet;
    private int rowNumber;
    private boolean ended;

    /**
     * Opens {@code file}. Refuses, with an {@link IOException}, a file that is not a zip, has no worksheet, or has a
     * part that inflates to more than {@code maxUncompressedBytes}.
     */
    public XlsxReader(Path file, long maxUncompressedBytes) throws IOException {
        this(file, maxUncompressedBytes, DEFAULT_MAX_SHARED_STRINGS_BYTES);
    }

    /**
     * Opens {@code file}, as above, and also refuses a workbook whose shared strings (the text of every text cell,
     * held for the whole read because cells refer to them by number) would take more than
     * {@code maxSharedStringsBytes} of the heap: a small, highly compressed workbook cannot demand gigabytes.
     */
    public XlsxReader(Path file, long maxUncompressedBytes, long maxSharedStringsBytes) throws IOException {
        this.maxUncompressedBytes = maxUncompressedBytes;
        this.maxSharedStringsBytes = maxSharedStringsBytes;
        this.zip = openZip(file);
        try {
            this.sharedStrings = readSharedStrings();
            this.sheetStream = open(firstSheetEntry());
            this.sheet = xml.createXMLStreamReader(sheetStream);
        } catch (IOException | XMLStreamException | RuntimeException e) {
            zip.close();
            throw asIoException("the workbook could not be read", e);
        }
    }

    /** The cell texts of the next row that has cells, or null after the last row. */
    public List<String> next() throws IOException {
        if (ended) {
            return null;
        }
        try {
            List<String> row = readRow();
            ended = row == null;
            return row;
        } catch (XMLStreamException | RuntimeException e) {
            throw asIoException("the worksheet could not be read", e);
        }
    }

    /** The sheet row number (1-based, as Excel shows it) of the row last returned by {@link #next()}; 0 before. */
    public int rowNumber() {
        return rowNumber;
    }

    @Override
    public void close() throws IOException {
        try {
            sheet.close();
        } catch (XMLStreamException e) {
            // nothing useful to do; the streams are closed below
        } finally {
            try {
                sheetStream.close();
            } finally {
                zip.close();
            }
        }
    }

    /** True when {@code cellText} is a number in exponent notation, which for an ID number means lost digits. */
    public static boolean looksLikeLostDigits(String cellText) {
        return cellText != null && NUMBER.matcher(cellText.trim()).matches()
                && (cellText.indexOf('E') >= 0 || cellText.indexOf('e') >= 0);
    }

    /**
     * The date of an Excel serial number in the 1900 date system ("45292" is 2024-01-01; any time of day is
     * dropped), or null when the text is not a number or not a real date: below 1, above 9999-12-31, or 60, the
     * 1900-02-29 that Excel counts although it never existed.
     */
    public static LocalDate excelSerialDate(String serial) {
        if (serial == null || !NUMBER.matcher(serial.trim()).matches()) {
            return null;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(serial.trim());
        } catch (NumberFormatException e) {
            return null;
        }
        if (value.compareTo(BigDecimal.ONE) < 0 || value.compareTo(BigDecimal.valueOf(MAX_SERIAL + 1)) >= 0) {
            return null;
        }
        long days = value.longValue();
        if (days == FAKE_LEAP_DAY) {
            return null;
        }
        return days < FAKE_LEAP_DAY ? SERIAL_BASE.plusDays(days + 1) : SERIAL_BASE.plusDays(days);
    }

    // ---- the sheet

    private List<String> readRow() throws XMLStreamException, IOException {
        while (sheet.hasNext()) {
            int event = sheet.next();
            if (event == XMLStreamConstants.START_ELEMENT && "row".equals(sheet.getLocalName())) {
                rowNumber = rowAttribute(sheet.getAttributeValue(null, "r"));
                return readCells();
            }
            if (event == XMLStreamConstants.END_ELEMENT && "sheetData".equals(sheet.getLocalName())) {
                return null;
            }
        }
        return null;
    }

    private int rowAttribute(String r) throws IOException {
        if (r == null) {
            return rowNumber + 1;
        }
        try {
            return Integer.parseInt(r.trim());
        } catch (NumberFormatException e) {
            throw new IOException("the worksheet has a row numbered \"" + r + "\"");
        }
    }

    private List<String> readCells() throws XMLStreamException, IOException {
        List<String> cells = new ArrayList<>();
        while (sheet.hasNext()) {
            int event = sheet.next();
            if (event == XMLStreamConstants.START_ELEMENT && "c".equals(sheet.getLocalName())) {
                String ref = sheet.getAttributeValue(null, "r");
                int column = ref == null ? cells.size() : column(ref);
                String text = cellText(sheet.getAttributeValue(null, "t"));
                put(cells, column, text);
            } else if (event == XMLStreamConstants.END_ELEMENT && "row".equals(sheet.getLocalName())) {
                return cells;
            }
        }
        throw new IOException("the worksheet ends inside row " + rowNumber);
    }

    private static void put(List<String> cells, int column, String text) {
        while (cells.size() < column) {
            cells.add("");
        }
        if (column < cells.size()) {
            cells.set(column, text);
        } else {
            cells.add(text);
        }
    }

    /** Reads from inside {@code <c>} to its end: the value {@code <v>}, or the inline string {@code <is>}. */
    private String cellText(String type) throws XMLStreamException, IOException {
        StringBuilder value = new StringBuilder();
        StringBuilder inline = new StringBuilder();
        Deque<String> path = new ArrayDeque<>();
        while (true) {
            int event = sheet.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                path.push(sheet.getLocalName());
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                if (path.isEmpty()) {
                    return typed(type, value.toString(), inline.toString());
                }
                path.pop();
            } else if (isText(event) && !path.isEmpty()) {
                if ("v".equals(path.peek())) {
                    value.append(sheet.getText());
                } else if ("t".equals(path.peek()) && path.contains("is") && !path.contains("rPh")) {
                    inline.append(sheet.getText());
                }
            }
        }
    }

    private String typed(String type, String value, String inline) throws IOException {
        if (type == null || "n".equals(type)) {
            return number(value);
        }
        return switch (type) {
            case "s" -> sharedString(value);
            case "inlineStr" -> unescape(inline);
            case "b" -> value.isBlank() ? "" : "1".equals(value.trim()) ? "TRUE" : "FALSE";
            default -> unescape(value); // str (formula text), e (error), d (ISO date)
        };
    }

    private String sharedString(String index) throws IOException {
        if (index.isBlank()) {
            return "";
        }
        try {
            return sharedStrings.get(Integer.parseInt(index.trim()));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new IOException("row " + rowNumber + " refers to shared string " + index + ", which is missing");
        }
    }

    /** The number as written, but integers without ".0" or an exponent, unless the exponent hides lost digits. */
    static String number(String written) {
        String text = written.trim();
        if (!NUMBER.matcher(text).matches()) {
            return written;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            return written; // an exponent beyond what BigDecimal can hold
        }
        boolean exponent = text.indexOf('E') >= 0 || text.indexOf('e') >= 0;
        if (exponent && value.abs().compareTo(FIFTEEN_DIGITS) >= 0) {
            return text;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (value.signum() == 0) {
            return "0";
        }
        return stripped.scale() <= 0 ? stripped.toBigInteger().toString() : text;
    }

    private int column(String ref) throws IOException {
        int column = 0;
        int i = 0;
        while (i < ref.length() && Character.isLetter(ref.charAt(i))) {
            char c = Character.toUpperCase(ref.charAt(i++));
            if (c < 'A' || c > 'Z' || i > 3) {
                throw badReference(ref);
            }
            column = column * 26 + (c - 'A' + 1);
        }
        if (column == 0 || column > MAX_COLUMNS) {
            throw badReference(ref);
        }
        return column - 1;
    }

    private IOException badReference(String ref) {
        return new IOException("row " + rowNumber + " has a cell with the bad reference \"" + ref + "\"");
    }

    // ---- the parts around the sheet

    private String firstSheetEntry() throws IOException, XMLStreamException {
        String relationId = firstSheetRelationId();
        String target = relationId == null ? null : relationshipTarget(relationId);
        if (target != null && zip.getEntry(target) != null) {
            return target;
        }
        if (zip.getEntry(FALLBACK_SHEET) != null) {
            return FALLBACK_SHEET;
        }
        throw new IOException("the file is not an .xlsx workbook: it has no worksheet");
    }

    /** The r:id of the first {@code <sheet>} in xl/workbook.xml, or null. */
    private String firstSheetRelationId() throws IOException, XMLStreamException {
        try (Part part = part("xl/workbook.xml")) {
            XMLStreamReader r = part.reader;
            while (r != null && r.hasNext()) {
                if (r.next() == XMLStreamConstants.START_ELEMENT && "sheet".equals(r.getLocalName())) {
                    return relationshipIdAttribute(r);
                }
            }
            return null;
        }
    }

    private static String relationshipIdAttribute(XMLStreamReader r) {
        for (int i = 0; i < r.getAttributeCount(); i++) {
            String namespace = r.getAttributeNamespace(i);
            if ("id".equals(r.getAttributeLocalName(i)) && namespace != null && !namespace.isEmpty()) {
                return r.getAttributeValue(i);
            }
        }
        return null;
    }

    /** The zip entry name that relationship {@code id} of xl/workbook.xml points at, or null. */
    private String relationshipTarget(String id) throws IOException, XMLStreamException {
        try (Part part = part("xl/_rels/workbook.xml.rels")) {
            XMLStreamReader r = part.reader;
            while (r != null && r.hasNext()) {
                if (r.next() == XMLStreamConstants.START_ELEMENT && "Relationship".equals(r.getLocalName())
                        && id.equals(r.getAttributeValue(null, "Id"))
                        && !"External".equals(r.getAttributeValue(null, "TargetMode"))) {
                    String target = r.getAttributeValue(null, "Target");
                    return target == null ? null : resolve("xl/", target);
                }
            }
            return null;
        }
    }

    /** {@code target} as a zip entry name: absolute ("/xl/...") from the root, otherwise relative to {@code dir}. */
    static String resolve(String dir, String target) {
        String path = target.startsWith("/") ? target.substring(1) : dir + target;
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                parts.pollLast();
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    /** Every {@code <si>} of xl/sharedStrings.xml: its {@code <t>} texts joined, leaving out phonetic runs. */
    private List<String> readSharedStrings() throws IOException, XMLStreamException {
        List<String> strings = new ArrayList<>();
        long held = 0;
        try (Part part = part("xl/sharedStrings.xml")) {
            XMLStreamReader r = part.reader;
            StringBuilder text = new StringBuilder();
            Deque<String> path = new ArrayDeque<>();
            while (r != null && r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    path.push(r.getLocalName());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    if ("si".equals(path.pop())) {
                        strings.add(unescape(text.toString()));
                        held += STRING_OVERHEAD + 2L * text.length();
                        text.setLength(0);
                    }
                } else if (isText(event) && "t".equals(path.peek()) && !path.contains("rPh")) {
                    text.append(r.getText());
                }
                if (held + 2L * text.length() > maxSharedStringsBytes) {
                    throw new TooLargeException("the workbook's text cells (shared strings) would take more than "
                            + maxSharedStringsBytes / (1024 * 1024) + " MB of memory; refusing to read it. Save the "
                            + "sheet as CSV, or split it");
                }
            }
        }
        return strings;
    }

    /** A part of the package opened for StAX; {@code reader} is null when the part is absent. */
    private final class Part implements AutoCloseable {
        private final InputStream stream;
        private final XMLStreamReader reader;

        private Part(String name) throws IOException, XMLStreamException {
            this.stream = zip.getEntry(name) == null ? null : open(name);
            try {
                this.reader = stream == null ? null : xml.createXMLStreamReader(stream);
            } catch (XMLStreamException | RuntimeException e) {
                stream.close();
                throw e;
            }
        }

        @Override
        public void close() throws IOException, XMLStreamException {
            if (stream != null) {
                try {
                    reader.close();
                } finally {
                    stream.close();
                }
            }
        }
    }

    private Part part(String name) throws IOException, XMLStreamException {
        return new Part(name);
    }

    private InputStream open(String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry.getSize() > maxUncompressedBytes) {
            throw new TooLargeException(name, maxUncompressedBytes);
        }
        return new CountingInputStream(zip.getInputStream(entry), name, maxUncompressedBytes);
    }

    private static ZipFile openZip(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new IOException("the file is not an .xlsx workbook (not a zip archive)", e);
        }
    }

    private static XMLInputFactory secureFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    private static boolean isText(int event) {
        return event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                || event == XMLStreamConstants.SPACE;
    }

    /** Decodes the {@code _xHHHH_} escapes Office uses in strings for characters XML cannot hold (e.g. CR). */
    static String unescape(String text) {
        if (text.indexOf("_x") < 0) {
            return text;
        }
        Matcher m = ESCAPED_CHAR.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(
                    String.valueOf((char) Integer.parseInt(m.group(1), 16))));
        }
        return m.appendTail(out).toString();
    }

    /** {@code e} as an IOException; our size refusal is unwrapped from StAX, which keeps it as "nested", not cause. */
    private static IOException asIoException(String context, Exception e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 10; depth++) {
            if (t instanceof TooLargeException tooLarge) {
                return tooLarge;
            }
            t = t instanceof XMLStreamException x && x.getNestedException() != null
                    ? x.getNestedException() : t.getCause();
        }
        if (e instanceof IOException io) {
            return io;
        }
        return new IOException(context + ": " + e.getMessage(), e);
    }

    private static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String entry, long limit) {
            super(entry + " is larger than " + limit + " bytes uncompressed; refusing to read it (possible zip bomb)");
        }

        TooLargeException(String message) {
            super(message);
        }
    }

    /** Counts the bytes inflated from one entry and refuses to go past the limit. */
    private static final class CountingInputStream extends FilterInputStream {
        private final String entry;
        private final long limit;
        private long count;

        CountingInputStream(InputStream in, String entry, long limit) {
            super(in);
            this.entry = entry;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            counted(skipped);
            return skipped;
        }

        private void counted(long n) throws IOException {
            count += n;
            if (count > limit) {
                throw new TooLargeException(entry, limit);
            }
        }
    }
}
