package org.sscard.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes small .xlsx files laid out the way Excel writes them (parts, relationships, styles, shared strings,
 * sheet dimension, views, column widths, row spans), for tests of the platform's XlsxReader and of roster uploads.
 *
 * <p>Cell values: {@link String} → shared string; {@link Number} → numeric cell whose {@code <v>} is the number's
 * {@code toString()} (so {@code new BigDecimal("1.1010519491231E+17")} is written exactly so); {@link LocalDate} →
 * serial number with the date style; {@link Boolean}; {@link Inline}; {@link FormulaText}; {@link Rich};
 * {@code null} → no cell at all (a gap).
 */
public final class XlsxTestWriter {
    private static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static final String REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static final String PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";
    private static final String XML_DECL = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";

    /** A string written inline in the cell ({@code t="inlineStr"}) rather than in the shared-string table. */
    public record Inline(String text) {
    }

    /** A formula whose cached result is a string ({@code t="str"}). */
    public record FormulaText(String formula, String result) {
    }

    /** A rich-text shared string: formatted runs, plus a phonetic (furigana) run that is not part of the text. */
    public record Rich(List<String> runs, String phonetic) {
    }

    /** One worksheet: its tab name, its part name under xl/worksheets/ and its rows. */
    public record Sheet(String name, String partName, List<List<Object>> rows) {
    }

    private XlsxTestWriter() {
    }

    /** One sheet named 花名册 in xl/worksheets/sheet1.xml. */
    public static void write(Path file, List<List<Object>> rows) throws IOException {
        write(file, List.of(new Sheet("花名册", "sheet1.xml", rows)), false);
    }

    /**
     * Sheets in tab order. Relationship ids follow the part names (rId1 for sheet1.xml, ...) and are listed in the
     * rels in that order, as Excel does after tabs are moved, so the first tab need not be sheet1.xml.
     */
    public static void write(Path file, List<Sheet> sheets, boolean absoluteTargets) throws IOException {
        List<Sheet> byPart = new ArrayList<>(sheets);
        byPart.sort((a, b) -> a.partName().compareTo(b.partName()));
        Map<String, Integer> sharedIndex = new LinkedHashMap<>();
        List<String> sharedXml = new ArrayList<>();
        int[] references = {0};
        Map<String, String> sheetXml = new LinkedHashMap<>();
        for (Sheet sheet : byPart) {
            sheetXml.put(sheet.partName(), sheetXml(sheet.rows(), sharedIndex, sharedXml, references));
        }
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            put(zip, "[Content_Types].xml", contentTypes(byPart));
            put(zip, "_rels/.rels", rootRels());
            put(zip, "docProps/app.xml", app(sheets));
            put(zip, "xl/workbook.xml", workbook(sheets, byPart));
            put(zip, "xl/_rels/workbook.xml.rels", workbookRels(byPart, absoluteTargets));
            put(zip, "xl/styles.xml", styles());
            put(zip, "xl/sharedStrings.xml", sharedStrings(sharedXml, references[0]));
            for (Map.Entry<String, String> e : sheetXml.entrySet()) {
                put(zip, "xl/worksheets/" + e.getKey(), e.getValue());
            }
        }
    }

    /** Excel's serial number for {@code date} (1900 date system; dates from 1900-03-01). */
    /**
     * A hostile workbook: {@code strings} shared strings of {@code length} letters each, which compress to almost
     * nothing and inflate to {@code strings × length} characters, and a one-cell sheet that refers to the first.
     */
    public static byte[] sharedStringsBomb(int strings, int length) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("xl/sharedStrings.xml"));
            zip.write(("<sst xmlns=\"" + MAIN + "\">").getBytes(StandardCharsets.UTF_8));
            byte[] item = ("<si><t>" + "A".repeat(length) + "</t></si>").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < strings; i++) {
                zip.write(item);
            }
            zip.write("</sst>".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            zip.write(("<worksheet xmlns=\"" + MAIN + "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
                    + "</row></sheetData></worksheet>").getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    public static long serial(LocalDate date) {
        return ChronoUnit.DAYS.between(LocalDate.of(1899, 12, 30), date);
    }

    private static void put(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static String contentTypes(List<Sheet> sheets) {
        StringBuilder x = new StringBuilder(XML_DECL).append(
                "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                        + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>");
        for (Sheet sheet : sheets) {
            x.append("<Override PartName=\"/xl/worksheets/").append(sheet.partName())
                    .append("\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
        }
        return x.append("<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
                        + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
                        + "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
                        + "</Types>")
                .toString();
    }

    private static String rootRels() {
        return XML_DECL + "<Relationships xmlns=\"" + PKG_REL + "\">"
                + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
                + "</Relationships>";
    }

    private static String app(List<Sheet> sheets) {
        StringBuilder titles = new StringBuilder();
        for (Sheet sheet : sheets) {
            titles.append("<vt:lpstr>").append(xml(sheet.name())).append("</vt:lpstr>");
        }
        return XML_DECL + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\""
                + " xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
                + "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
                + "<TitlesOfParts><vt:vector size=\"" + sheets.size() + "\" baseType=\"lpstr\">" + titles
                + "</vt:vector></TitlesOfParts><AppVersion>16.0300</AppVersion></Properties>";
    }

    private static String workbook(List<Sheet> tabOrder, List<Sheet> byPart) {
        StringBuilder x = new StringBuilder(XML_DECL).append("<workbook xmlns=\"").append(MAIN)
                .append("\" xmlns:r=\"").append(REL).append("\" xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" mc:Ignorable=\"x15\">")
                .append("<fileVersion appName=\"xl\" lastEdited=\"7\" lowestEdited=\"7\" rupBuild=\"27328\"/>")
                .append("<workbookPr defaultThemeVersion=\"166925\"/>")
                .append("<bookViews><workbookView xWindow=\"0\" yWindow=\"0\" windowWidth=\"28800\" windowHeight=\"12300\"/></bookViews>")
                .append("<sheets>");
        for (Sheet sheet : tabOrder) {
            int id = byPart.indexOf(sheet) + 1;
            x.append("<sheet name=\"").append(xml(sheet.name())).append("\" sheetId=\"").append(id)
                    .append("\" r:id=\"rId").append(id).append("\"/>");
        }
        return x.append("</sheets><calcPr calcId=\"191029\"/></workbook>").toString();
    }

    private static String workbookRels(List<Sheet> byPart, boolean absolute) {
        StringBuilder x = new StringBuilder(XML_DECL).append("<Relationships xmlns=\"").append(PKG_REL).append("\">");
        int id = 1;
        for (Sheet sheet : byPart) {
            String target = (absolute ? "/xl/worksheets/" : "worksheets/") + sheet.partName();
            x.append("<Relationship Id=\"rId").append(id++)
                    .append("\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"")
                    .append(target).append("\"/>");
        }
        x.append("<Relationship Id=\"rId").append(id++)
                .append("\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>");
        x.append("<Relationship Id=\"rId").append(id)
                .append("\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>");
        return x.append("</Relationships>").toString();
    }

    private static String styles() {
        return XML_DECL + "<styleSheet xmlns=\"" + MAIN + "\">"
                + "<fonts count=\"1\"><font><sz val=\"11\"/><name val=\"等线\"/><family val=\"2\"/><charset val=\"134\"/><scheme val=\"minor\"/></font></fonts>"
                + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
                + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
                + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
                + "<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
                + "<xf numFmtId=\"14\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs>"
                + "<cellStyles count=\"1\"><cellStyle name=\"常规\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
                + "<dxfs count=\"0\"/><tableStyles count=\"0\" defaultTableStyle=\"TableStyleMedium2\" defaultPivotStyle=\"PivotStyleLight16\"/>"
                + "</styleSheet>";
    }

    private static String sharedStrings(List<String> items, int references) {
        return XML_DECL + "<sst xmlns=\"" + MAIN + "\" count=\"" + references + "\" uniqueCount=\"" + items.size()
                + "\">" + String.join("", items) + "</sst>";
    }

    private static String sheetXml(List<List<Object>> rows, Map<String, Integer> sharedIndex, List<String> sharedXml,
                                   int[] references) {
        int maxColumns = rows.stream().mapToInt(List::size).max().orElse(1);
        String lastCell = columnName(Math.max(maxColumns, 1) - 1) + Math.max(rows.size(), 1);
        StringBuilder x = new StringBuilder(XML_DECL).append("<worksheet xmlns=\"").append(MAIN)
                .append("\" xmlns:r=\"").append(REL).append("\">")
                .append("<dimension ref=\"A1:").append(lastCell).append("\"/>")
                .append("<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\"><selection activeCell=\"A1\" sqref=\"A1\"/></sheetView></sheetViews>")
                .append("<sheetFormatPr defaultRowHeight=\"14.25\" x14ac:dyDescent=\"0.2\" xmlns:x14ac=\"http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac\"/>")
                .append("<cols><col min=\"1\" max=\"1\" width=\"12.625\" customWidth=\"1\"/><col min=\"2\" max=\"2\" width=\"20.625\" customWidth=\"1\"/></cols>")
                .append("<sheetData>");
        for (int r = 0; r < rows.size(); r++) {
            List<Object> row = rows.get(r);
            x.append("<row r=\"").append(r + 1).append("\" spans=\"1:").append(Math.max(row.size(), 1)).append("\">");
            for (int c = 0; c < row.size(); c++) {
                if (row.get(c) != null) {
                    x.append(cell(columnName(c) + (r + 1), row.get(c), sharedIndex, sharedXml, references));
                }
            }
            x.append("</row>");
        }
        return x.append("</sheetData>")
                .append("<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>")
                .append("</worksheet>").toString();
    }

    private static String cell(String ref, Object value, Map<String, Integer> sharedIndex, List<String> sharedXml,
                               int[] references) {
        String r = "<c r=\"" + ref + "\"";
        if (value instanceof String s) {
            references[0]++;
            return r + " t=\"s\"><v>" + shared("<si><t>" + xml(s) + "</t></si>", sharedIndex, sharedXml) + "</v></c>";
        }
        if (value instanceof Rich rich) {
            references[0]++;
            StringBuilder si = new StringBuilder("<si>");
            for (String run : rich.runs()) {
                si.append("<r><rPr><sz val=\"11\"/><rFont val=\"等线\"/></rPr><t xml:space=\"preserve\">")
                        .append(xml(run)).append("</t></r>");
            }
            si.append("<rPh sb=\"0\" eb=\"1\"><t>").append(xml(rich.phonetic())).append("</t></rPh>")
                    .append("<phoneticPr fontId=\"1\" type=\"noConversion\"/></si>");
            return r + " t=\"s\"><v>" + shared(si.toString(), sharedIndex, sharedXml) + "</v></c>";
        }
        if (value instanceof LocalDate date) {
            return r + " s=\"1\"><v>" + serial(date) + "</v></c>";
        }
        if (value instanceof Number n) {
            return r + "><v>" + n + "</v></c>";
        }
        if (value instanceof Boolean b) {
            return r + " t=\"b\"><v>" + (b ? 1 : 0) + "</v></c>";
        }
        if (value instanceof Inline inline) {
            return r + " t=\"inlineStr\"><is><t>" + xml(inline.text()) + "</t></is></c>";
        }
        if (value instanceof FormulaText f) {
            return r + " t=\"str\"><f>" + xml(f.formula()) + "</f><v>" + xml(f.result()) + "</v></c>";
        }
        throw new IllegalArgumentException("cannot write a " + value.getClass());
    }

    private static int shared(String si, Map<String, Integer> index, List<String> items) {
        return index.computeIfAbsent(si, k -> {
            items.add(k);
            return items.size() - 1;
        });
    }

    public static String columnName(int index) {
        StringBuilder name = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26) {
            name.insert(0, (char) ('A' + (n - 1) % 26));
        }
        return name.toString();
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
