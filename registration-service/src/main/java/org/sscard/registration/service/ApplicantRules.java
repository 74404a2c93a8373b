package org.sscard.registration.service;

import org.sscard.platform.id.CitizenIdNumber;
import org.sscard.platform.problem.FieldError;
import org.sscard.registration.config.MaterialsConfig;
import org.sscard.registration.domain.ApplicantCategory;
import org.sscard.registration.domain.ApplicationForm;
import org.sscard.registration.domain.CreditCode;
import org.sscard.registration.domain.RequiredMaterials;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks a counter clerk makes across the fields of a form, after each field is valid on its own (Bean
 * Validation): the sex and the category agree with the ID number, a minor has a guardian, an individual business
 * names its licence, a hire date is not in the future. The same rules apply to one form and to each roster row.
 */
final class ApplicantRules {
    /** An employer registers a new employee within 30 days of hiring (Social Insurance Law art. 58). */
    static final int EMPLOYER_REGISTRATION_DAYS = 30;
    private static final int ADULT_AGE = 18;

    private ApplicantRules() {
    }

    /** Field errors of a request whose single fields are valid; an empty list when it may be accepted. */
    static List<FieldError> check(ApplicationForm req, LocalDate today, MaterialsConfig materials) {
        List<FieldError> errors = new ArrayList<>();
        String id = req.idNumber().trim();
        boolean permanentResidence = id.charAt(0) == '9';
        String region = id.substring(0, 2);
        boolean hkMacaoTaiwan = region.equals("81") || region.equals("82") || region.equals("83");
        if (req.category() == ApplicantCategory.FOREIGNER && !permanentResidence) {
            errors.add(new FieldError("idNumber", "a foreigner applies with the permanent-residence ID, which starts with 9"));
        }
        if (permanentResidence && req.category() != ApplicantCategory.FOREIGNER) {
            errors.add(new FieldError("category", "a permanent-residence ID (starting with 9) belongs to category FOREIGNER"));
        }
        if (req.category() == ApplicantCategory.HK_MACAO_TAIWAN && !hkMacaoTaiwan) {
            errors.add(new FieldError("idNumber", "a Hong Kong, Macao or Taiwan resident applies with the residence "
                    + "permit number, which starts with 81, 82 or 83"));
        }
        if (req.sex() != null && !req.sex().equals(CitizenIdNumber.sex(id))) {
            errors.add(new FieldError("sex", "does not match the sex the ID number encodes"));
        }
        int age = RequiredMaterials.age(CitizenIdNumber.birthDate(id), today);
        boolean minor = age < materials.guardianUnderAge();
        if (req.category() == ApplicantCategory.CHILD && !minor) {
            errors.add(new FieldError("category", "CHILD is for applicants under " + materials.guardianUnderAge()));
        }
        if (minor || req.category() == ApplicantCategory.CHILD) {
            checkGuardian(req, id, today, errors);
        }
        if (req.category() == ApplicantCategory.INDIVIDUAL_BUSINESS) {
            if (blank(req.businessCreditCode())) {
                errors.add(new FieldError("businessCreditCode", "is needed for an individual business"));
            } else {
                CreditCode.problem(req.businessCreditCode().trim()).ifPresent(p ->
                        errors.add(new FieldError("businessCreditCode", "is not a valid unified social credit code: " + p)));
            }
        }
        if (req.employerCreditCode() != null && !req.employerCreditCode().isBlank()) {
            CreditCode.problem(req.employerCreditCode().trim()).ifPresent(p ->
                    errors.add(new FieldError("employerCreditCode", "is not a valid unified social credit code: " + p)));
        }
        if (req.hiredOn() != null && req.hiredOn().isAfter(today)) {
            errors.add(new FieldError("hiredOn", "is in the future"));
        }
        return errors;
    }

    private static void checkGuardian(ApplicationForm req, String id, LocalDate today, List<FieldError> errors) {
        if (blank(req.guardianName())) {
            errors.add(new FieldError("guardianName", "is needed: a guardian applies for a minor"));
        }
        if (blank(req.guardianIdNumber())) {
            errors.add(new FieldError("guardianIdNumber", "is needed: a guardian applies for a minor"));
            return;
        }
        String guardian = req.guardianIdNumber().trim();
        if (guardian.equals(id)) {
            errors.add(new FieldError("guardianIdNumber", "is the applicant's own number"));
        } else if (RequiredMaterials.age(CitizenIdNumber.birthDate(guardian), today) < ADULT_AGE) {
            errors.add(new FieldError("guardianIdNumber", "belongs to a person under " + ADULT_AGE));
        }
    }

    /** Hired more than 30 days before the registration: accepted, but flagged late. */
    static boolean late(LocalDate hiredOn, LocalDate today) {
        return hiredOn != null && hiredOn.plusDays(EMPLOYER_REGISTRATION_DAYS).isBefore(today);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
