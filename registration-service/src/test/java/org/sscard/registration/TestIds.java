package org.sscard.registration;

import org.sscard.platform.id.CitizenIdNumber;

import java.util.concurrent.ThreadLocalRandom;

/** Fresh valid citizen ID numbers, so tests never collide on one person one card. */
public final class TestIds {
    /** An adult's number (born 1950 to 1999): tests that need a minor use {@link #born}. */
    public static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String base = "110105" + (1950 + r.nextInt(50)) + String.format("%02d%02d", 1 + r.nextInt(12), 1 + r.nextInt(28))
                + String.format("%03d", r.nextInt(1000));
        return base + CitizenIdNumber.checkCharacter(base);
    }

    /** A valid number for a person born on {@code date} in Beijing's Xicheng district. */
    static String born(java.time.LocalDate date) {
        String base = "110102" + date.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE)
                + String.format("%03d", ThreadLocalRandom.current().nextInt(1000));
        return base + CitizenIdNumber.checkCharacter(base);
    }

    private TestIds() {
    }
}
