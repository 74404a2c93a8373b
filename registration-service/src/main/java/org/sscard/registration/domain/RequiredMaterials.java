package org.sscard.registration.domain;

import org.sscard.events.MaterialKind;
import org.sscard.registration.config.MaterialsConfig;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The materials an application needs, by category and age (docs/domain.md, sections 1 and 2). Registration owns the
 * rule: it refuses to submit a draft that misses any, and states what is missing in ApplicationSubmitted
 * ({@code MATERIALS_COMPLETE}, see SubmissionChecks), which review records without checking again.
 */
public final class RequiredMaterials {

    /** One missing requirement: the kinds that would satisfy it (any one of the groups) and why it is needed. */
    public record Missing(String requirement, List<List<MaterialKind>> anyOf, String message) {
    }

    private RequiredMaterials() {
    }

    public static int age(LocalDate birthDate, LocalDate today) {
        return Period.between(birthDate, today).getYears();
    }

    /** What is missing for an applicant of {@code category}, born on {@code birthDate}, who supplied {@code present}. */
    public static List<Missing> missing(String category, LocalDate birthDate, LocalDate today, Set<MaterialKind> present,
                                        MaterialsConfig config) {
        int age = age(birthDate, today);
        List<Missing> missing = new ArrayList<>();
        boolean foreigner = "FOREIGNER".equals(category);
        boolean idCard = present.contains(MaterialKind.ID_FRONT) && present.contains(MaterialKind.ID_BACK);
        boolean identified = idCard || present.contains(MaterialKind.HOUSEHOLD_REGISTER)
                || (foreigner && present.contains(MaterialKind.PASSPORT));
        if (!identified) {
            List<List<MaterialKind>> options = new ArrayList<>();
            options.add(List.of(MaterialKind.ID_FRONT, MaterialKind.ID_BACK));
            options.add(List.of(MaterialKind.HOUSEHOLD_REGISTER));
            if (foreigner) {
                options.add(List.of(MaterialKind.PASSPORT));
            }
            missing.add(new Missing("IDENTITY_DOCUMENT", options, foreigner
                    ? "both sides of the permanent-residence ID card, or the passport"
                    : "both sides of the ID card (or the household register page)"));
        }
        if (age >= config.photoOptionalUnderAge() && !present.contains(MaterialKind.PHOTO)) {
            missing.add(new Missing("PHOTO", List.of(List.of(MaterialKind.PHOTO)),
                    "a recent one-inch bareheaded colour photo on a white background"));
        }
        if (age < config.guardianUnderAge() || "CHILD".equals(category)) {
            if (!present.contains(MaterialKind.GUARDIAN_ID)) {
                missing.add(new Missing("GUARDIAN_ID", List.of(List.of(MaterialKind.GUARDIAN_ID)),
                        "the guardian's ID card, because the applicant is under " + config.guardianUnderAge()));
            }
            if (!present.contains(MaterialKind.RELATIONSHIP_PROOF)) {
                missing.add(new Missing("RELATIONSHIP_PROOF", List.of(List.of(MaterialKind.RELATIONSHIP_PROOF)),
                        "proof of the guardian's relationship (household register or birth certificate)"));
            }
        }
        if ("INDIVIDUAL_BUSINESS".equals(category) && !present.contains(MaterialKind.BUSINESS_LICENCE)) {
            missing.add(new Missing("BUSINESS_LICENCE", List.of(List.of(MaterialKind.BUSINESS_LICENCE)),
                    "the business licence of the individual business"));
        }
        return missing;
    }
}
