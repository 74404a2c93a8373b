package org.sscard.system;

import org.sscard.platform.id.CitizenIdNumber;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Looks for clear personal data where an attacker with a copy of the storage would: every row of every table of the
 * four databases (bytea columns as PostgreSQL prints them, hex) and every byte of the Kafka broker's log segments
 * (records, dead letters, offsets). It finds any valid 18-character citizen ID number, whoever it belongs to, and the
 * names and phone numbers it is told.
 */
final class PersonalDataScan {
    /**
     * An ID number as a token of its own. A run of digits inside a longer word is not one: a card's identification
     * code (region, D156000005, 16 random hex digits) holds an 18-digit run with a valid check character in about one
     * card of 2,000, always right after the letter D.
     */
    private static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9X](?![0-9A-Za-z])");
    /** A bytea value as a row prints it. */
    private static final Pattern BYTEA = Pattern.compile("\\\\?x((?:[0-9a-f]{2})+)");

    /** One place where clear data was found: where, and what kind (never the value itself, this is a report). */
    record Finding(String where, String what) {
        @Override
        public String toString() {
            return what + " in " + where;
        }
    }

    private final List<String> needles;

    PersonalDataScan(List<String> namesAndPhones) {
        this.needles = List.copyOf(namesAndPhones);
    }

    List<Finding> databases(String jdbcBase, List<String> databases) throws SQLException {
        List<Finding> found = new ArrayList<>();
        for (String db : databases) {
            try (Connection c = DriverManager.getConnection(jdbcBase + "/" + db, "postgres", "postgres");
                 Statement st = c.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("select table_name from information_schema.tables "
                        + "where table_schema = 'public' and table_type = 'BASE TABLE' order by 1")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                for (String table : tables) {
                    try (ResultSet rs = st.executeQuery("select scanned_row::text from \"" + table + "\" scanned_row")) {
                        while (rs.next()) {
                            found.addAll(scan(db + "." + table, rs.getString(1)));
                        }
                    }
                }
            }
        }
        return found;
    }

    List<Finding> kafkaSegments(Path logDirs) throws IOException {
        List<Finding> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(logDirs)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                found.addAll(scan("kafka " + logDirs.relativize(f), bytes));
            }
        }
        return found;
    }

    /**
     * Segments hold UTF-8 bytes; read as ISO-8859-1 a UTF-8 needle is its bytes, one character each. A bytea value
     * as a row prints it is decoded and scanned as bytes, and left out of the text: its hex digits would make runs
     * of 18 digits with a valid check character by chance (one in a few hundred thousand places).
     */
    private List<Finding> scan(String where, String text) {
        List<Finding> found = new ArrayList<>();
        Matcher bytea = BYTEA.matcher(text);
        StringBuilder rest = new StringBuilder();
        while (bytea.find()) {
            found.addAll(scan(where + " (bytes)", new String(HexFormat.of().parseHex(bytea.group(1)),
                    StandardCharsets.ISO_8859_1)));
            bytea.appendReplacement(rest, "");
        }
        bytea.appendTail(rest);
        String plain = rest.toString();
        Matcher m = ID_NUMBER.matcher(plain);
        while (m.find()) {
            String candidate = m.group();
            if (CitizenIdNumber.checkCharacter(candidate.substring(0, 17)) == candidate.charAt(17)) {
                found.add(new Finding(where, "a valid citizen ID number"));
            }
        }
        for (String needle : needles) {
            String utf8AsLatin1 = new String(needle.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            if (plain.contains(needle) || plain.contains(utf8AsLatin1)) {
                found.add(new Finding(where, "a name or phone of the journey (" + needle.length() + " characters)"));
            }
        }
        return found;
    }
}
