package org.sscard.registration.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.hibernate.validator.HibernateValidatorFactory;
import org.sscard.platform.problem.FieldError;
import org.sscard.platform.text.ControlCharacters;
import org.sscard.registration.config.MaterialsConfig;
import org.sscard.registration.domain.ApplicantCategory;
import org.sscard.registration.domain.ApplicationForm;
import org.sscard.registration.domain.Channel;
import org.sscard.registration.files.XlsxReader;

import java.lang.annotation.ElementType;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Turns one roster row into the same form an individual submission uses, checked by the same rules. */
@ApplicationScoped
class RosterRowParser {
    /** An employer registers its staff; a school its students. */
    static final Set<ApplicantCategory> ROSTER_CATEGORIES = EnumSet.of(ApplicantCategory.EMPLOYEE,
            ApplicantCategory.FOREIGNER, ApplicantCategory.HK_MACAO_TAIWAN, ApplicantCategory.STUDENT);
    private static final DateTimeFormatter SLASHED = DateTimeFormatter.ofPattern("yyyy/M/d");

    /** A row read into a form, or the reasons it cannot be. */
    record Parsed(ApplicationForm request, List<FieldError> errors) {
    }

    private static final TraversableResolver ALWAYS_REACHABLE = new TraversableResolver() {
        @Override
        public boolean isReachable(Object bean, Path.Node property, Class<?> rootBeanType, Path pathToProperty,
                                   ElementType elementType) {
            return true;
        }

        @Override
        public boolean isCascadable(Object bean, Path.Node property, Class<?> rootBeanType, Path pathToProperty,
                                    ElementType elementType) {
            return true;
        }
    };

    private final Validator validator;
    private final MaterialsConfig materials;

    RosterRowParser(ValidatorFactory validators, MaterialsConfig materials) {
        // A form is a plain record, never a JPA entity: asking JPA whether each property is loaded (the default
        // resolver with Hibernate ORM present) cost more than the checks themselves on a roster of 100,000 rows.
        this.validator = validators.unwrap(HibernateValidatorFactory.class).usingContext()
                .traversableResolver(ALWAYS_REACHABLE).enableTraversableResolverResultCache(false).getValidator();
        this.materials = materials;
    }

    /** A row read against {@code openOutlets}, the codes of the registry's open outlets when the run began. */
    Parsed parse(List<String> values, Map<String, Integer> columns, LocalDate today, Set<String> openOutlets) {
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, Integer> column : columns.entrySet()) {
            String v = column.getValue() < values.size() ? values.get(column.getValue()) : null;
            if (v != null && ControlCharacters.first(v) >= 0) {
                errors.add(new FieldError(column.getKey(), "contains a control character"));
            }
        }
        String idNumber = value(values, columns, "idNumber").toUpperCase(Locale.ROOT);
        if (XlsxReader.looksLikeLostDigits(idNumber)) {
            errors.add(new FieldError("idNumber", "was stored as a number and lost its last digits; "
                    + "format the column as Text and enter the numbers again"));
        }
        ApplicantCategory category = ApplicantCategory.EMPLOYEE;
        String categoryText = value(values, columns, "category");
        if (!categoryText.isEmpty()) {
            try {
                category = ApplicantCategory.valueOf(categoryText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                category = null;
            }
            if (category == null || !ROSTER_CATEGORIES.contains(category)) {
                errors.add(new FieldError("category", "a roster registers " + ROSTER_CATEGORIES));
                category = ApplicantCategory.EMPLOYEE;
            }
        }
        LocalDate hiredOn = date(value(values, columns, "hiredOn"), errors);
        ApplicationForm req = new ApplicationForm(category, value(values, columns, "name"), idNumber,
                value(values, columns, "phone"), value(values, columns, "outletCode"),
                category == ApplicantCategory.STUDENT ? Channel.SCHOOL : Channel.EMPLOYER,
                blankToNull(value(values, columns, "language")), blankToNull(value(values, columns, "applicantId")),
                blankToNull(value(values, columns, "preferredChannel")), blankToNull(value(values, columns, "email")),
                sex(value(values, columns, "sex")), blankToNull(value(values, columns, "guardianName")),
                blankToNull(value(values, columns, "guardianIdNumber").toUpperCase(Locale.ROOT)), null, hiredOn, null);
        if (!errors.isEmpty()) {
            return new Parsed(null, errors);
        }
        validator.validate(req).stream()
                .sorted(Comparator.comparing((ConstraintViolation<?> v) -> v.getPropertyPath().toString()))
                .forEach(v -> errors.add(new FieldError(v.getPropertyPath().toString(), v.getMessage())));
        if (errors.isEmpty()) {
            errors.addAll(ApplicantRules.check(req, today, materials));
            OutletService.problem(req.outletCode(), openOutlets).ifPresent(errors::add);
        }
        return new Parsed(errors.isEmpty() ? req : null, errors);
    }

    private static String value(List<String> values, Map<String, Integer> columns, String field) {
        Integer i = columns.get(field);
        return i == null || i >= values.size() || values.get(i) == null ? "" : values.get(i).trim();
    }

    private static String blankToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static String sex(String s) {
        return switch (s.toUpperCase(Locale.ROOT)) {
            case "" -> null;
            case "男", "M", "MALE" -> "MALE";
            case "女", "F", "FEMALE" -> "FEMALE";
            default -> s; // left for validation to refuse with its message
        };
    }

    /** ISO dates, 2026/1/5 as typed in Chinese locales, and Excel serial numbers. */
    private static LocalDate date(String s, List<FieldError> errors) {
        if (s.isEmpty()) {
            return null;
        }
        try {
            return s.contains("/") ? LocalDate.parse(s, SLASHED) : LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            LocalDate serial = XlsxReader.excelSerialDate(s);
            if (serial != null) {
                return serial;
            }
            errors.add(new FieldError("hiredOn", "must be a date such as 2026-11-02"));
            return null;
        }
    }
}
