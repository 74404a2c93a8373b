package org.sscard.registration.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.events.MaterialKind;
import org.sscard.events.Payloads;
import org.sscard.events.Payloads.CheckOutcome;
import org.sscard.platform.id.CitizenIdNumber;
import org.sscard.registration.config.MaterialsConfig;
import org.sscard.registration.domain.PhotoSpec;
import org.sscard.registration.domain.RequiredMaterials;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules registration owns, stated with every ApplicationSubmitted and SupplementProvided: who may apply (a minor
 * through a guardian), which materials the application needs, and the photo spec (docs/domain.md, sections 1 and 2).
 * Review records these outcomes and decides what a failure means; it never checks them again, so a city that changes
 * its materials or photo rules changes them here alone.
 */
@ApplicationScoped
public class SubmissionChecks {
    private final MaterialsConfig config;
    private final Clock clock;

    public SubmissionChecks(MaterialsConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /**
     * The checks of an application of {@code category} for {@code idNumber} that carries {@code materials}. Null
     * materials mean "not told" (a roster without a photo archive: the employer vouches for its staff's documents),
     * and then only who may apply is stated.
     */
    public List<CheckOutcome> of(String category, String idNumber, List<Payloads.MaterialInfo> materials) {
        LocalDate today = LocalDate.now(clock);
        LocalDate birthDate = CitizenIdNumber.birthDate(idNumber);
        List<CheckOutcome> checks = new ArrayList<>();
        int age = RequiredMaterials.age(birthDate, today);
        int guardianAge = config.guardianUnderAge();
        boolean minor = age < guardianAge;
        boolean throughGuardian = !minor || "CHILD".equals(category);
        checks.add(new CheckOutcome(CheckOutcome.MINOR_HAS_GUARDIAN_PATH, throughGuardian, !minor
                ? guardianAge + " or older"
                : throughGuardian ? "under " + guardianAge + ", applied by a guardian"
                : "under " + guardianAge + " but not applied as CHILD by a guardian"));
        if (materials == null) {
            return checks;
        }
        Set<MaterialKind> kinds = materials.stream().map(m -> MaterialKind.valueOf(m.kind()))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(MaterialKind.class)));
        List<RequiredMaterials.Missing> missing = RequiredMaterials.missing(category, birthDate, today, kinds, config);
        checks.add(new CheckOutcome(CheckOutcome.MATERIALS_COMPLETE, missing.isEmpty(), missing.isEmpty()
                ? "all required materials attached: " + kinds
                : "missing: " + missing.stream().map(RequiredMaterials.Missing::message).collect(Collectors.joining("; "))));
        materials.stream().filter(m -> MaterialKind.PHOTO.name().equals(m.kind())).findFirst().ifPresent(photo -> {
            // the spec as configured now: it may have changed since the photo was uploaded
            List<String> problems = PhotoSpec.of(config.photo()).problems(photo.contentType(), photo.width(),
                    photo.height(), photo.bitDepth(), photo.dpi(), photo.sizeBytes());
            checks.add(new CheckOutcome(CheckOutcome.PHOTO_SPEC, problems.isEmpty(), problems.isEmpty()
                    ? "JPEG " + photo.width() + " × " + photo.height() + " px, " + photo.bitDepth() + "-bit"
                    : String.join("; ", problems)));
        });
        return checks;
    }
}
