package org.sscard.platform.crypto;

import java.util.List;
import java.util.Map;

/**
 * A table with encrypted columns, as {@link ReEncryption} keeps it: {@code text} and {@code bytes} columns hold
 * {@link FieldCipher} ciphertexts; each entry of {@code blindIndexes} names an index column and the encrypted text
 * column whose blind index ({@link org.sscard.platform.security.BlindIndex}) it holds.
 */
public record EncryptedTable(String table, List<String> text, List<String> bytes, Map<String, String> blindIndexes) {
    public EncryptedTable {
        text = List.copyOf(text);
        bytes = List.copyOf(bytes);
        blindIndexes = Map.copyOf(blindIndexes);
    }

    public static EncryptedTable text(String table, String... columns) {
        return new EncryptedTable(table, List.of(columns), List.of(), Map.of());
    }

    public static EncryptedTable bytes(String table, String... columns) {
        return new EncryptedTable(table, List.of(), List.of(columns), Map.of());
    }

    /** The same table, with {@code indexColumn} holding the blind index of {@code textColumn}. */
    public EncryptedTable withBlindIndex(String indexColumn, String textColumn) {
        Map<String, String> all = new java.util.LinkedHashMap<>(blindIndexes);
        all.put(indexColumn, textColumn);
        return new EncryptedTable(table, text, bytes, all);
    }

    /** What a service declares: its tables with encrypted columns. */
    public interface Catalogue {
        List<EncryptedTable> tables();
    }
}
