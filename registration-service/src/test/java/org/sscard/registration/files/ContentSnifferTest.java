package org.sscard.registration.files;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ContentSnifferTest {
    @Test
    void recognisesTheKnownTypesByTheirMagicBytes() {
        assertEquals(Optional.of("image/jpeg"), ContentSniffer.sniff(bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10)));
        assertEquals(Optional.of("image/png"), ContentSniffer.sniff(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0)));
        assertEquals(Optional.of("application/pdf"), ContentSniffer.sniff(ascii("%PDF-1.7\n")));
        assertEquals(Optional.of("application/zip"), ContentSniffer.sniff(bytes('P', 'K', 3, 4, 20, 0)));
    }

    @Test
    void saysNothingAboutAnythingElse() {
        assertEquals(Optional.empty(), ContentSniffer.sniff(ascii("GIF89a")));
        assertEquals(Optional.empty(), ContentSniffer.sniff(ascii("<html>")));
        assertEquals(Optional.empty(), ContentSniffer.sniff(bytes(0xFF, 0xD8)));
        assertEquals(Optional.empty(), ContentSniffer.sniff(bytes(0x89, 'P', 'N', 'G')));
        assertEquals(Optional.empty(), ContentSniffer.sniff(new byte[0]));
        assertEquals(Optional.empty(), ContentSniffer.sniff(null));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
