package org.sscard.registration.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.infra.XlsxTestWriter.FormulaText;
import org.sscard.infra.XlsxTestWriter.Inline;
import org.sscard.infra.XlsxTestWriter.Rich;
import org.sscard.infra.XlsxTestWriter.Sheet;
import org.sscard.infra.XlsxTestWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XlsxReaderTest {
    private static final long LIMIT = 10 * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void readsARosterRowByRow() throws IOException {
        Path file = dir.resolve("roster.xlsx");
        XlsxTestWriter.write(file, List.of(
                List.of("姓名", "身份证号", "出生日期", "人数"),
                List.of("张三", "11010519491231002X", LocalDate.of(1949, 12, 31), 42),
                List.of("李四", "110105194912310029", LocalDate.of(2024, 1, 1), 45123)));
        try (XlsxReader xlsx = new XlsxReader(file, LIMIT)) {
            assertEquals(List.of("姓名", "身份证号", "出生日期", "人数"), xlsx.next());
            assertEquals(1, xlsx.rowNumber());
            List<String> row = xlsx.next();
            assertEquals(List.of("张三", "11010519491231002X", "18263", "42"), row);
            assertEquals(LocalDate.of(1949, 12, 31), XlsxReader.excelSerialDate(row.get(2)));
            assertEquals(List.of("李四", "110105194912310029", "45292", "45123"), xlsx.next());
            assertEquals(3, xlsx.rowNumber());
            assertNull(xlsx.next());
            assertNull(xlsx.next());
        }
    }

    @Test
    void fillsSkippedCellsAndSkippedRowsKeepTheirNumbers() throws IOException {
        Path file = dir.resolve("gaps.xlsx");
        List<Object> gap = Arrays.asList("王五", null, "备注");
        List<Object> empty = List.of();
        XlsxTestWriter.write(file, List.of(List.of("a", "b", "c"), empty, gap));
        try (XlsxReader xlsx = new XlsxReader(file, LIMIT)) {
            xlsx.next();
            assertEquals(List.of(), xlsx.next());
            assertEquals(2, xlsx.rowNumber());
            assertEquals(List.of("王五", "", "备注"), xlsx.next());
            assertEquals(3, xlsx.rowNumber());
        }
    }

    @Test
    void readsEveryCellType() throws IOException {
        Path file = dir.resolve("types.xlsx");
        XlsxTestWriter.write(file, List.of(List.of(
                new Inline("内联 text"), new FormulaText("A1&\"!\"", "内联 text!"), true, false,
                new Rich(List.of("张", "三"), "ちょう"), 0.5, 42.0, new BigDecimal("4.5123E4"), "a_x000D_b")));
        try (XlsxReader xlsx = new XlsxReader(file, LIMIT)) {
            assertEquals(List.of("内联 text", "内联 text!", "TRUE", "FALSE", "张三", "0.5", "42", "45123", "a\rb"),
                    xlsx.next());
        }
    }

    @Test
    void keepsAnIdNumberThatLostDigitsAsWrittenAndFlagsIt() throws IOException {
        Path file = dir.resolve("lost.xlsx");
        XlsxTestWriter.write(file, List.of(List.of("赵六", new BigDecimal("1.1010519491231E+17"))));
        try (XlsxReader xlsx = new XlsxReader(file, LIMIT)) {
            List<String> row = xlsx.next();
            assertEquals(List.of("赵六", "1.1010519491231E+17"), row);
            assertTrue(XlsxReader.looksLikeLostDigits(row.get(1)));
            assertFalse(XlsxReader.looksLikeLostDigits(row.get(0)));
            assertFalse(XlsxReader.looksLikeLostDigits("110105194912310029"));
            assertFalse(XlsxReader.looksLikeLostDigits("11010519491231002X"));
            assertFalse(XlsxReader.looksLikeLostDigits("SE1 2AB"));
        }
    }

    @Test
    void rendersNumbersAsWrittenButIntegersPlain() {
        assertEquals("42", XlsxReader.number("42"));
        assertEquals("45123", XlsxReader.number("45123"));
        assertEquals("45123", XlsxReader.number("45123.0"));
        assertEquals("1000", XlsxReader.number("1E+3"));
        assertEquals("0", XlsxReader.number("0.0"));
        assertEquals("0.1", XlsxReader.number("0.1"));
        assertEquals("3.0000000000000004", XlsxReader.number("3.0000000000000004"));
        assertEquals("1.5E-3", XlsxReader.number("1.5E-3"));
        assertEquals("1.1010519491231E+17", XlsxReader.number("1.1010519491231E+17"));
        assertEquals("1E+999999999999", XlsxReader.number("1E+999999999999"));
        assertEquals("", XlsxReader.number(""));
    }

    @Test
    void convertsExcelSerialDates() {
        assertEquals(LocalDate.of(2024, 1, 1), XlsxReader.excelSerialDate("45292"));
        assertEquals(LocalDate.of(2024, 1, 1), XlsxReader.excelSerialDate("45292.75"));
        assertEquals(LocalDate.of(1900, 1, 1), XlsxReader.excelSerialDate("1"));
        assertEquals(LocalDate.of(1900, 2, 28), XlsxReader.excelSerialDate("59"));
        assertNull(XlsxReader.excelSerialDate("60"));
        assertEquals(LocalDate.of(1900, 3, 1), XlsxReader.excelSerialDate("61"));
        assertEquals(LocalDate.of(9999, 12, 31), XlsxReader.excelSerialDate("2958465"));
        assertNull(XlsxReader.excelSerialDate("2958466"));
        assertNull(XlsxReader.excelSerialDate("0"));
        assertNull(XlsxReader.excelSerialDate("-5"));
        assertNull(XlsxReader.excelSerialDate("2024-01-01"));
        assertNull(XlsxReader.excelSerialDate("NaN"));
        assertNull(XlsxReader.excelSerialDate(""));
        assertNull(XlsxReader.excelSerialDate(null));
        assertEquals(45292, XlsxTestWriter.serial(LocalDate.of(2024, 1, 1)));
    }

    @Test
    void readsTheFirstTabEvenWhenItIsNotSheet1() throws IOException {
        for (boolean absolute : new boolean[] {false, true}) {
            Path file = dir.resolve("moved" + absolute + ".xlsx");
            XlsxTestWriter.write(file, List.of(
                    new Sheet("花名册", "sheet2.xml", List.of(List.of("right"))),
                    new Sheet("旧表", "sheet1.xml", List.of(List.of("wrong")))), absolute);
            try (XlsxReader xlsx = new XlsxReader(file, LIMIT)) {
                assertEquals(List.of("right"), xlsx.next(), "absolute targets: " + absolute);
            }
        }
    }

    @Test
    void fallsBackToSheet1WithoutAWorkbookPart() throws IOException {
        Path file = zip("bare.xlsx", "xl/worksheets/sheet1.xml", "<worksheet><sheetData>"
                + "<row><c t=\"inlineStr\"><is><t>a</t></is></c><c><v>1</v></c></row>"
                + "<row><c r=\"C4\" t=\"inlineStr\"><is><t>c</t></is></c></row></sheetData></worksheet>");
        try (XlsxReader xlsx = new XlsxReader(file, LIMIT)) {
            assertEquals(List.of("a", "1"), xlsx.next());
            assertEquals(1, xlsx.rowNumber());
            assertEquals(List.of("", "", "c"), xlsx.next());
            assertEquals(2, xlsx.rowNumber()); // no r attribute on the row: the next number
            assertNull(xlsx.next());
        }
    }

    @Test
    void refusesAnEntryThatInflatesPastTheLimit() throws IOException {
        Path file = dir.resolve("bomb.xlsx");
        XlsxTestWriter.write(file, List.of(List.of("a")));
        IOException e = assertThrows(IOException.class, () -> new XlsxReader(file, 100).close());
        assertTrue(e.getMessage().contains("larger than 100 bytes uncompressed"), e.getMessage());
    }

    @Test
    void refusesASheetThatInflatesPastTheLimitWhileStreamingEvenIfTheZipLiesAboutItsSize() throws IOException {
        Path file = dir.resolve("big.xlsx");
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            rows.add(List.of(i, i * 2, i * 3));
        }
        XlsxTestWriter.write(file, rows);
        declareUncompressedSize(file, "xl/worksheets/sheet1.xml", 1_000);
        try (XlsxReader xlsx = new XlsxReader(file, 20_000)) {
            IOException e = assertThrows(IOException.class, () -> {
                while (xlsx.next() != null) {
                    // read until refused
                }
            });
            assertEquals("xl/worksheets/sheet1.xml is larger than 20000 bytes uncompressed;"
                    + " refusing to read it (possible zip bomb)", e.getMessage());
            assertTrue(xlsx.rowNumber() > 1);
        }
    }

    /**
     * A hostile workbook: 160 KB on disk, whose shared strings inflate to 80 million characters (160 MB of heap as
     * Java strings, more than a gigabyte for a 50 MB file of the same kind). It is refused once what it would hold
     * passes the budget, well before it is all read; under the default budget, the same reader takes a roster.
     */
    @Test
    void refusesAWorkbookWhoseSharedStringsWouldExhaustTheHeap() throws IOException {
        Path file = Files.write(dir.resolve("strings-bomb.xlsx"), XlsxTestWriter.sharedStringsBomb(400_000, 200));
        assertTrue(Files.size(file) < 1_000_000, "small on disk: " + Files.size(file));
        long before = usedHeap();
        IOException e = assertThrows(IOException.class,
                () -> new XlsxReader(file, 500L * 1024 * 1024, XlsxReader.DEFAULT_MAX_SHARED_STRINGS_BYTES).close());
        assertTrue(e.getMessage().contains("shared strings") && e.getMessage().contains("64 MB"), e.getMessage());
        assertTrue(usedHeap() - before < 2 * XlsxReader.DEFAULT_MAX_SHARED_STRINGS_BYTES, "nothing much held after");

        Path roster = dir.resolve("roster.xlsx");
        XlsxTestWriter.write(roster, List.of(List.of("姓名", "身份证号"), List.of("张三", "11010519491231002X")));
        try (XlsxReader xlsx = new XlsxReader(roster, 500L * 1024 * 1024, XlsxReader.DEFAULT_MAX_SHARED_STRINGS_BYTES)) {
            assertEquals(List.of("姓名", "身份证号"), xlsx.next());
        }
    }

    private static long usedHeap() {
        System.gc();
        return Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    }

    @Test
    void refusesExternalEntities() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "SECRET");
        Path file = zip("xxe.xlsx", "xl/worksheets/sheet1.xml",
                "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                        + "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&x;</t></is></c>"
                        + "</row></sheetData></worksheet>");
        List<String> row = null;
        try (XlsxReader xlsx = new XlsxReader(file, LIMIT)) {
            row = xlsx.next();
        } catch (IOException refused) {
            // refusing the document is as good as ignoring the entity
        }
        assertTrue(row == null || !row.toString().contains("SECRET"), String.valueOf(row));
    }

    @Test
    void refusesAFileThatIsNotAWorkbook() throws IOException {
        Path notZip = Files.writeString(dir.resolve("old.xls"), "not a zip");
        assertEquals("the file is not an .xlsx workbook (not a zip archive)",
                assertThrows(IOException.class, () -> new XlsxReader(notZip, LIMIT)).getMessage());
        Path noSheet = zip("empty.xlsx", "readme.txt", "hello");
        assertEquals("the file is not an .xlsx workbook: it has no worksheet",
                assertThrows(IOException.class, () -> new XlsxReader(noSheet, LIMIT)).getMessage());
    }

    @Test
    void resolvesRelationshipTargets() {
        assertEquals("xl/worksheets/sheet1.xml", XlsxReader.resolve("xl/", "worksheets/sheet1.xml"));
        assertEquals("xl/worksheets/sheet1.xml", XlsxReader.resolve("xl/", "/xl/worksheets/sheet1.xml"));
        assertEquals("xl/worksheets/sheet1.xml", XlsxReader.resolve("xl/", "./worksheets/sheet1.xml"));
        assertEquals("other/sheet.xml", XlsxReader.resolve("xl/", "../other/sheet.xml"));
    }

    /** Overwrites the uncompressed size the central directory states for {@code entry}, as a zip bomb would. */
    private static void declareUncompressedSize(Path file, String entry, int size) throws IOException {
        byte[] zip = Files.readAllBytes(file);
        byte[] name = entry.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + 46 + name.length <= zip.length; i++) {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2
                    && Arrays.equals(Arrays.copyOfRange(zip, i + 46, i + 46 + name.length), name)) {
                for (int k = 0; k < 4; k++) {
                    zip[i + 24 + k] = (byte) (size >>> (8 * k));
                }
                Files.write(file, zip);
                return;
            }
        }
        throw new IllegalStateException("no central directory entry " + entry);
    }

    private Path zip(String name, String entry, String content) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return file;
    }
}
