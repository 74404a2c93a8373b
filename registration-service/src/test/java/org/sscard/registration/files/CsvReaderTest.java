package org.sscard.registration.files;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CsvReaderTest {
    @Test
    void readsQuotedFieldsWithCommasAndDoubledQuotes() throws IOException {
        assertEquals(List.of(List.of("a,b", "say \"hi\"", "plain")), all("\"a,b\",\"say \"\"hi\"\"\",plain\r\n"));
    }

    @Test
    void keepsLineBreaksInsideQuotesAsOneRecord() throws IOException {
        try (CsvReader csv = new CsvReader(new StringReader("name,address\r\n张三,\"北京市\r\n东城区\"\r\n李四,x\n"))) {
            assertEquals(List.of("name", "address"), csv.next());
            assertEquals(1, csv.recordNumber());
            assertEquals(List.of("张三", "北京市\r\n东城区"), csv.next());
            assertEquals(2, csv.recordNumber());
            assertEquals(List.of("李四", "x"), csv.next());
            assertEquals(3, csv.recordNumber());
            assertNull(csv.next());
            assertNull(csv.next());
            assertEquals(3, csv.recordNumber());
        }
    }

    @Test
    void dropsALeadingByteOrderMarkOnly() throws IOException {
        assertEquals(List.of(List.of("姓名", "身份证号"), List.of("\uFEFFx", "")), all("\uFEFF姓名,身份证号\n\uFEFFx,\n"));
        byte[] excelCsvUtf8 = "\uFEFF姓名,身份证号\r\n王五,11010519491231002X\r\n".getBytes(StandardCharsets.UTF_8);
        try (CsvReader csv = CsvReader.utf8(new ByteArrayInputStream(excelCsvUtf8))) {
            assertEquals(List.of("姓名", "身份证号"), csv.next());
            assertEquals(List.of("王五", "11010519491231002X"), csv.next());
            assertNull(csv.next());
        }
    }

    @Test
    void readsEmptyFields() throws IOException {
        assertEquals(List.of(List.of("", "", ""), List.of("a", "", "c"), List.of("", "")), all(",,\r\na,,c\r\n\"\",\r\n"));
    }

    @Test
    void endsTheSameWithOrWithoutAFinalLineBreak() throws IOException {
        List<List<String>> expected = List.of(List.of("a", "b"), List.of("c", "d"));
        assertEquals(expected, all("a,b\r\nc,d\r\n"));
        assertEquals(expected, all("a,b\r\nc,d"));
        assertEquals(expected, all("a,b\nc,d\n"));
        assertEquals(expected, all("a,b\rc,d"));
        assertEquals(List.of(List.of("a", "b"), List.of("")), all("a,b\r\n\r\n"));
        assertEquals(List.of(), all(""));
    }

    @Test
    void keepsAStrayQuoteInAnUnquotedFieldAndRefusesTextAfterAClosingQuote() throws IOException {
        assertEquals(List.of(List.of("5\" tall", "b")), all("5\" tall,b\n"));
        IOException e = assertThrows(IOException.class, () -> all("ok\n5\" tall,\"\"\"a\"\"\"b\n"));
        assertEquals("record 2: text after a closing quote (a quote inside a quoted field is written twice)",
                e.getMessage());
    }

    @Test
    void refusesAFieldLongerThanTheLimitBeforeReadingMore() throws IOException {
        // one stray quote: the field would run to the end of the upload; Jackson checks the bound as its text
        // buffer grows, so what is held stays near the limit
        try (CsvReader csv = new CsvReader(new StringReader("ok\n\"" + "x,y\n".repeat(5_000)), 50)) {
            assertEquals(List.of("ok"), csv.next());
            assertEquals("record 2 is longer than 50 characters", assertThrows(IOException.class, csv::next).getMessage());
        }
    }

    @Test
    void refusesAQuoteLeftOpen() {
        IOException e = assertThrows(IOException.class, () -> all("a\r\n\"never closed,b\r\nc\r\n"));
        assertEquals("record 2: a quoted field is not closed before the end", e.getMessage());
    }

    @Test
    void refusesARecordLongerThanTheLimit() throws IOException {
        try (CsvReader csv = new CsvReader(new StringReader("ok\n" + "x".repeat(11) + "\n"), 10)) {
            assertEquals(List.of("ok"), csv.next());
            assertEquals("record 2 is longer than 10 characters",
                    assertThrows(IOException.class, csv::next).getMessage());
        }
    }

    @Test
    void refusesBytesThatAreNotUtf8() {
        byte[] gbk = "姓名\r\n".getBytes(Charset.forName("GBK"));
        assertThrows(IOException.class, () -> CsvReader.utf8(new ByteArrayInputStream(gbk)).next());
    }

    @Test
    void readsAcrossTheReadBuffer() throws IOException {
        String longName = "张".repeat(10_000);
        assertEquals(List.of(List.of(longName, "a\"b"), List.of("z")), all(longName + ",\"a\"\"b\"\r\nz"));
    }

    @Test
    void escapesOnlyWhatNeedsIt() {
        assertEquals("plain", CsvReader.escape("plain"));
        assertEquals("\"a,b\"", CsvReader.escape("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvReader.escape("say \"hi\""));
        assertEquals("\"line\nbreak\"", CsvReader.escape("line\nbreak"));
        assertEquals("\"cr\rx\"", CsvReader.escape("cr\rx"));
        assertEquals("", CsvReader.escape(null));
        assertEquals("张三", CsvReader.escape("张三"));
    }

    @Test
    void writesALineThatReadsBackTheSame() throws IOException {
        List<String> fields = List.of("张三", "a,b", "say \"hi\"", "", "x\r\ny");
        String line = CsvReader.line(fields);
        assertEquals("张三,\"a,b\",\"say \"\"hi\"\"\",,\"x\r\ny\"\r\n", line);
        assertEquals(List.of(fields), all(line));
    }

    @Test
    void defusesValuesASpreadsheetWouldRunAsFormulas() {
        assertEquals("'=HYPERLINK(\"http://evil\",\"x\")", CsvReader.safeForSpreadsheet("=HYPERLINK(\"http://evil\",\"x\")"));
        assertEquals("'+1", CsvReader.safeForSpreadsheet("+1"));
        assertEquals("'-2+3", CsvReader.safeForSpreadsheet("-2+3"));
        assertEquals("'@SUM(A1)", CsvReader.safeForSpreadsheet("@SUM(A1)"));
        assertEquals("'\t=1", CsvReader.safeForSpreadsheet("\t=1"));
        assertEquals("张三", CsvReader.safeForSpreadsheet("张三"));
        assertEquals("a=b", CsvReader.safeForSpreadsheet("a=b"));
        assertEquals("", CsvReader.safeForSpreadsheet(""));
    }

    private static List<List<String>> all(String text) throws IOException {
        List<List<String>> records = new ArrayList<>();
        try (CsvReader csv = new CsvReader(new StringReader(text))) {
            for (List<String> r = csv.next(); r != null; r = csv.next()) {
                records.add(r);
            }
        }
        return records;
    }
}
