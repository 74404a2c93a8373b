package org.sscard.registration;

import org.sscard.platform.id.CitizenIdNumber;

import java.util.concurrent.ThreadLocalRandom;

/** Fresh valid citizen ID numbers, so tests never collide on one person one card. */
final class TestIds {
    static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String base = "110105" + (1950 + r.nextInt(60)) + String.format("%02d%02d", 1 + r.nextInt(12), 1 + r.nextInt(28))
                + String.format("%03d", r.nextInt(1000));
        return base + CitizenIdNumber.checkCharacter(base);
    }

    private TestIds() {
    }
}
