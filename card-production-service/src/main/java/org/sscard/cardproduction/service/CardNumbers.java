package org.sscard.cardproduction.service;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Card numbers and card identification codes (docs/domain.md, section 5). */
final class CardNumbers {
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Fixed middle part of every card identification code. */
    static final String IDENTIFICATION_INFIX = "D156000005";

    static String cardNumber() {
        char[] c = new char[9];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(c);
    }

    /** 6-digit issuing region + D156000005 + 16 hex characters = 32 characters. */
    static String identificationCode(String regionCode) {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return regionCode + IDENTIFICATION_INFIX + HexFormat.of().withUpperCase().formatHex(b);
    }

    private CardNumbers() {
    }
}
