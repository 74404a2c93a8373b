package org.sscard.infra;

/**
 * Unified social credit codes (GB 32100) for tests and benchmarks, computed here on their own rather than by the
 * registration code they test: a test's oracle that shares the code under test proves nothing.
 */
public final class TestCreditCodes {
    private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    /** The 18-character code whose first 17 characters are {@code base}, with its check character. */
    public static String withCheckCharacter(String base) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += ALPHABET.indexOf(base.charAt(i)) * WEIGHTS[i];
        }
        return base + ALPHABET.charAt((31 - sum % 31) % 31);
    }

    private TestCreditCodes() {
    }
}
