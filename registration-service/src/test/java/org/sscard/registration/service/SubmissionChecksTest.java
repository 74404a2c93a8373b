package org.sscard.registration.service;

import org.junit.jupiter.api.Test;
import org.sscard.events.Payloads.CheckOutcome;
import org.sscard.events.Payloads.MaterialInfo;
import org.sscard.platform.id.CitizenIdNumber;
import org.sscard.registration.config.LocalRules;
import org.sscard.registration.config.MaterialsConfig;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checks registration states with an application, from the rules it owns and the spec as configured. */
class SubmissionChecksTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    static final MaterialInfo FRONT = new MaterialInfo("ID_FRONT", "image/png", 20_000, "ab", null, null, null, null);
    static final MaterialInfo BACK = new MaterialInfo("ID_BACK", "application/pdf", 20_000, "ab", null, null, null, null);
    static final MaterialInfo PHOTO = new MaterialInfo("PHOTO", "image/jpeg", 20_000, "ab", 358, 441, 24, 350);

    static MaterialsConfig spec(int width) {
        return LocalRules.DEFAULTS.withPhotoWidth(width);
    }

    static String bornIn(int year) {
        String base = "110105" + year + "0615011";
        return base + CitizenIdNumber.checkCharacter(base);
    }

    static Map<String, CheckOutcome> byName(List<CheckOutcome> checks) {
        return checks.stream().collect(Collectors.toMap(CheckOutcome::check, c -> c));
    }

    @Test
    void anAdultWithEverythingPassesEachCheckAndSaysWhatWasFound() {
        var checks = byName(new SubmissionChecks(spec(358), CLOCK).of("RESIDENT", bornIn(1990), List.of(FRONT, BACK, PHOTO)));
        assertEquals(3, checks.size());
        assertTrue(checks.values().stream().allMatch(CheckOutcome::passed), checks.toString());
        assertEquals("JPEG 358 × 441 px, 24-bit", checks.get(CheckOutcome.PHOTO_SPEC).detail());
        assertEquals("16 or older", checks.get(CheckOutcome.MINOR_HAS_GUARDIAN_PATH).detail());
    }

    @Test
    void missingMaterialsAreNamedAndAPhotoIsCheckedAgainstTheSpecAsConfiguredNow() {
        var missing = byName(new SubmissionChecks(spec(358), CLOCK).of("RESIDENT", bornIn(1990), List.of(FRONT)));
        assertEquals(false, missing.get(CheckOutcome.MATERIALS_COMPLETE).passed());
        assertTrue(missing.get(CheckOutcome.MATERIALS_COMPLETE).detail().contains("photo"));
        // the city changed the spec after the photo was uploaded
        var changed = byName(new SubmissionChecks(spec(390), CLOCK).of("RESIDENT", bornIn(1990), List.of(FRONT, BACK, PHOTO)));
        assertEquals(false, changed.get(CheckOutcome.PHOTO_SPEC).passed());
        assertTrue(changed.get(CheckOutcome.PHOTO_SPEC).detail().contains("390"), changed.toString());
    }

    @Test
    void aMinorMustApplyAsAChildAndMaterialsNotToldAreNotJudged() {
        var asResident = new SubmissionChecks(spec(358), CLOCK).of("RESIDENT", bornIn(2018), null);
        assertEquals(List.of(new CheckOutcome(CheckOutcome.MINOR_HAS_GUARDIAN_PATH, false,
                "under 16 but not applied as CHILD by a guardian")), asResident);
        var asChild = byName(new SubmissionChecks(spec(358), CLOCK).of("CHILD", bornIn(2018), null));
        assertEquals(true, asChild.get(CheckOutcome.MINOR_HAS_GUARDIAN_PATH).passed());
    }
}
