package org.sscard.cardproduction.domain;

import java.util.Optional;

/** The PIN rules (docs/domain.md, section 4): 6 digits, no runs, no repeats, nothing taken from the ID number. */
public final class PinRules {

    /** Why {@code pin} may not be used by the holder of {@code idNumber}; empty when it may. */
    public static Optional<String> problem(String pin, String idNumber) {
        if (pin == null || !pin.matches("\\d{6}")) {
            return Optional.of("a PIN is exactly 6 digits");
        }
        if (pin.chars().distinct().count() == 1) {
            return Optional.of("a PIN may not repeat one digit (like 111111)");
        }
        if (isRun(pin, 1) || isRun(pin, -1)) {
            return Optional.of("a PIN may not be a run of digits (like 123456 or 654321)");
        }
        if (idNumber != null && idNumber.contains(pin)) {
            return Optional.of("a PIN may not be taken from the ID number");
        }
        return Optional.empty();
    }

    private static boolean isRun(String pin, int step) {
        for (int i = 1; i < pin.length(); i++) {
            if (pin.charAt(i) - pin.charAt(i - 1) != step) {
                return false;
            }
        }
        return true;
    }

    private PinRules() {
    }
}
