package org.sscard.review.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.events.Payloads;
import org.sscard.platform.files.PhotoSpec;
import org.sscard.platform.id.CitizenIdNumber;
import org.sscard.platform.materials.MaterialKind;
import org.sscard.platform.materials.MaterialsConfig;
import org.sscard.platform.materials.RequiredMaterials;
import org.sscard.review.domain.CheckResult;
import org.sscard.review.domain.ReasonCode;
import org.sscard.review.domain.ReviewTask;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The automated checks every case gets before a reviewer sees it, each recorded with its outcome. A failed check
 * the applicant can fix (fixable) asks for a supplement; one they cannot fix rejects. Checks on materials run on
 * what registration reported about them (kind, sniffed type, size, photo dimensions), never on the files.
 */
@ApplicationScoped
public class PreChecks {
    public static final String ID_NUMBER_VALID = "ID_NUMBER_VALID";
    public static final String ONE_OPEN_CASE = "ONE_OPEN_CASE";
    public static final String MINOR_HAS_GUARDIAN_PATH = "MINOR_HAS_GUARDIAN_PATH";
    public static final String MATERIALS_COMPLETE = "MATERIALS_COMPLETE";
    public static final String PHOTO_SPEC = "PHOTO_SPEC";
    public static final String EMPLOYER_REGISTERED = "EMPLOYER_REGISTERED";
    private static final TypeReference<List<Payloads.MaterialInfo>> MATERIALS = new TypeReference<>() {
    };

    private final Clock clock;
    private final MaterialsConfig materials;
    private final ObjectMapper mapper;

    public PreChecks(Clock clock, MaterialsConfig materials, ObjectMapper mapper) {
        this.clock = clock;
        this.materials = materials;
        this.mapper = mapper;
    }

    /** The checks of case {@code t}; {@code duplicate}: the person has another case that counts (ReviewService). */
    public List<CheckResult> run(ReviewTask t, boolean duplicate) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<CheckResult> results = new ArrayList<>();
        var idProblem = CitizenIdNumber.problem(t.idNumber, clock);
        results.add(result(t, ID_NUMBER_VALID, idProblem.isEmpty(), false, ReasonCode.ID_NUMBER_INVALID,
                idProblem.orElse("valid GB 11643 number"), now));

        results.add(result(t, ONE_OPEN_CASE, !duplicate, false, ReasonCode.DUPLICATE_APPLICATION,
                duplicate ? "another open or approved case exists for this person" : "no other case for this person", now));

        if (t.birthDate != null) {
            int age = RequiredMaterials.age(t.birthDate, today);
            boolean minor = age < materials.guardianUnderAge();
            boolean ok = !minor || "CHILD".equals(t.category);
            results.add(result(t, MINOR_HAS_GUARDIAN_PATH, ok, true, ReasonCode.GUARDIAN_MISSING,
                    minor ? (ok ? "under " + materials.guardianUnderAge() + ", applied by a guardian"
                            : "under " + materials.guardianUnderAge() + " but not applied as CHILD by a guardian")
                            : materials.guardianUnderAge() + " or older", now));
        }

        List<Payloads.MaterialInfo> attached = materials(t);
        if (attached != null && t.birthDate != null) { // null: the submission predates reported materials
            Set<MaterialKind> kinds = attached.stream().map(m -> MaterialKind.valueOf(m.kind()))
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(MaterialKind.class)));
            List<RequiredMaterials.Missing> missing = RequiredMaterials.missing(t.category, t.birthDate, today, kinds, materials);
            results.add(result(t, MATERIALS_COMPLETE, missing.isEmpty(), true, ReasonCode.MATERIALS_INCOMPLETE,
                    missing.isEmpty() ? "all required materials attached: " + kinds
                            : "missing: " + missing.stream().map(RequiredMaterials.Missing::message)
                            .collect(Collectors.joining("; ")), now));
            attached.stream().filter(m -> MaterialKind.PHOTO.name().equals(m.kind())).findFirst().ifPresent(photo -> {
                List<String> problems = photoProblems(photo);
                results.add(result(t, PHOTO_SPEC, problems.isEmpty(), true, ReasonCode.PHOTO_NOT_COMPLIANT,
                        problems.isEmpty() ? "JPEG " + photo.width() + " × " + photo.height() + " px, "
                                + photo.bitDepth() + "-bit" : String.join("; ", problems), now));
            });
        }

        if ("EMPLOYEE".equals(t.category) && t.employerRegistered != null) {
            boolean registered = t.employerId != null && t.employerRegistered;
            results.add(result(t, EMPLOYER_REGISTERED, registered, false, ReasonCode.EMPLOYER_NOT_REGISTERED,
                    t.employerId == null ? "an employee application names no employer"
                            : registered ? "the employer is registered for social insurance"
                            : "the employer named is not registered for social insurance", now));
        }
        return results;
    }

    /** The photo against the spec as configured here (the spec may have changed since registration checked it). */
    private List<String> photoProblems(Payloads.MaterialInfo photo) {
        MaterialsConfig.Photo spec = materials.photo();
        return new PhotoSpec(spec.width(), spec.height(), spec.bitDepth(), spec.minDpi(), spec.maxBytes())
                .problems(photo.contentType(), photo.width(), photo.height(), photo.bitDepth(), photo.dpi(), photo.sizeBytes());
    }

    /** The materials registration reported for the case; null when it reported none (an older event). */
    List<Payloads.MaterialInfo> materials(ReviewTask t) {
        if (t.materials == null) {
            return null;
        }
        try {
            return mapper.readValue(t.materials, MATERIALS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored materials are not readable", e);
        }
    }

    private static CheckResult result(ReviewTask t, String check, boolean passed, boolean fixable, ReasonCode reason,
                                      String detail, Instant at) {
        CheckResult r = new CheckResult();
        r.reviewId = t.id;
        r.check = check;
        r.passed = passed;
        r.fixable = fixable;
        r.reasonCode = passed ? null : reason.name();
        r.detail = detail;
        r.checkedAt = at;
        return r;
    }
}
