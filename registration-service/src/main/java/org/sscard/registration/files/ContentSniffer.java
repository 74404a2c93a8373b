package org.sscard.registration.files;

import java.util.Optional;

/**
 * Tells the real media type of an upload from its first bytes (magic numbers), ignoring the file name and the
 * Content-Type the client claims. Knows only the types we accept or must recognise to refuse: JPEG, PNG, PDF and
 * ZIP (which includes .xlsx and .docx). Pass at least the first 8 bytes.
 */
public final class ContentSniffer {
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final byte[] PDF = {'%', 'P', 'D', 'F', '-'};
    private static final byte[] ZIP = {'P', 'K', 0x03, 0x04};

    private ContentSniffer() {
    }

    /** The media type {@code head} starts with, or empty when it is none we know (or {@code head} is null). */
    public static Optional<String> sniff(byte[] head) {
        if (head == null) {
            return Optional.empty();
        }
        if (startsWith(head, JPEG)) {
            return Optional.of("image/jpeg");
        }
        if (startsWith(head, PNG)) {
            return Optional.of("image/png");
        }
        if (startsWith(head, PDF)) {
            return Optional.of("application/pdf");
        }
        if (startsWith(head, ZIP)) {
            return Optional.of("application/zip");
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] data, byte[] magic) {
        if (data.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (data[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
