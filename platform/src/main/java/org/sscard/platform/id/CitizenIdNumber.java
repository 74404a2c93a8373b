package org.sscard.platform.id;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * The 18-character citizen identity number of GB 11643-1999 (also the social security number, Social Insurance
 * Law art. 58), and the 2023 foreigner permanent-residence ID, which shares its check and starts with 9.
 */
public final class CitizenIdNumber {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    /** GB/T 2260 province-level codes, plus 71 Taiwan, 81 Hong Kong, 82 Macao and 83 (Taiwan residence permits). */
    private static final Set<String> PROVINCES = Set.of(
            "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
            "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
            "71", "81", "82", "83");

    /** Why a number is invalid; {@code null} when it is valid. Messages never repeat the number. */
    public static Optional<String> problem(String id, Clock clock) {
        if (id == null || id.length() != 18) {
            return Optional.of("must be 18 characters");
        }
        for (int i = 0; i < 17; i++) {
            if (!Character.isDigit(id.charAt(i)) || id.charAt(i) > '9') {
                return Optional.of("the first 17 characters must be digits");
            }
        }
        char last = id.charAt(17);
        if (!(last >= '0' && last <= '9') && last != 'X') {
            return Optional.of("the check character must be a digit or X");
        }
        boolean foreigner = id.charAt(0) == '9';
        if (!foreigner && !PROVINCES.contains(id.substring(0, 2))) {
            return Optional.of("the province code is not a valid GB/T 2260 code");
        }
        LocalDate birth;
        try {
            birth = birthDate(id);
        } catch (DateTimeException e) {
            return Optional.of("the birth date is not a real date");
        }
        if (birth.isAfter(LocalDate.now(clock))) {
            return Optional.of("the birth date is in the future");
        }
        if (birth.getYear() < 1900) {
            return Optional.of("the birth date is before 1900");
        }
        if (checkCharacter(id) != last) {
            return Optional.of("the check character does not match (GB 11643)");
        }
        return Optional.empty();
    }

    public static boolean isValid(String id, Clock clock) {
        return problem(id, clock).isEmpty();
    }

    /** The check character for the first 17 digits. */
    public static char checkCharacter(String id) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (id.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    public static LocalDate birthDate(String id) {
        return LocalDate.of(Integer.parseInt(id.substring(6, 10)), Integer.parseInt(id.substring(10, 12)),
                Integer.parseInt(id.substring(12, 14)));
    }

    /** MALE for an odd sequence digit, FEMALE for even. */
    public static String sex(String id) {
        return (id.charAt(16) - '0') % 2 == 1 ? "MALE" : "FEMALE";
    }

    /** First 3 and last 4 characters shown, the rest starred: {@code 110***********002X}. */
    public static String mask(String id) {
        if (id == null) {
            return null;
        }
        if (id.length() <= 7) {
            return "*".repeat(id.length());
        }
        return id.substring(0, 3) + "*".repeat(id.length() - 7) + id.substring(id.length() - 4);
    }

    private CitizenIdNumber() {
    }
}
