package org.sscard.registration.domain;

import java.util.Optional;

/**
 * The unified social credit code of GB 32100-2015, which identifies employers and individual businesses: 18
 * characters over 0-9 and A-Y without I, O, S, V, Z; characters 3-8 are the region code; the last is a check
 * character.
 */
public final class CreditCode {
    static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    /** Why {@code code} is invalid; empty when it is valid. */
    public static Optional<String> problem(String code) {
        if (code == null || code.length() != 18) {
            return Optional.of("must be 18 characters");
        }
        for (int i = 0; i < 18; i++) {
            if (ALPHABET.indexOf(code.charAt(i)) < 0) {
                return Optional.of("may use only 0-9 and capital letters other than I, O, S, V and Z");
            }
        }
        for (int i = 2; i < 8; i++) {
            if (!Character.isDigit(code.charAt(i))) {
                return Optional.of("characters 3 to 8 must be the 6-digit region code");
            }
        }
        if (checkCharacter(code) != code.charAt(17)) {
            return Optional.of("the check character does not match (GB 32100)");
        }
        return Optional.empty();
    }

    public static boolean isValid(String code) {
        return problem(code).isEmpty();
    }

    public static char checkCharacter(String code) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += ALPHABET.indexOf(code.charAt(i)) * WEIGHTS[i];
        }
        return ALPHABET.charAt((31 - sum % 31) % 31);
    }

    public static String regionCode(String code) {
        return code.substring(2, 8);
    }

    private CreditCode() {
    }
}
