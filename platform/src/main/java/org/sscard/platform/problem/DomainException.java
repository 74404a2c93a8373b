package org.sscard.platform.problem;

import java.util.List;

/**
 * The domain refuses something, for a reason that has a stable code. It says what kind of refusal it is, never an
 * HTTP status: the REST layer maps each {@link Kind} to one (platform {@code ProblemMappers}), and a consumer treats
 * every kind but {@link Kind#UNAVAILABLE} and {@link Kind#UPSTREAM_FAILED} as the same answer on every retry.
 */
public class DomainException extends RuntimeException {
    /** What kind of refusal; each maps to one problem status at the edge. */
    public enum Kind {
        /** The input is malformed or a field is invalid (400). */
        INVALID,
        /** The caller's verified identity may not do this to this thing (403). */
        FORBIDDEN,
        /** The thing does not exist, or the caller may not know that it does (404). */
        NOT_FOUND,
        /** The thing is in a state that does not allow this (409). */
        CONFLICT,
        /** It existed but is gone for good (410). */
        GONE,
        /** A file or document is larger than the rules allow (413). */
        TOO_LARGE,
        /** A file is of a type the rules do not accept (415). */
        UNSUPPORTED_TYPE,
        /** Well-formed, but it breaks a business rule (422). */
        RULE_BROKEN,
        /** Allowed, but not yet: the caller waits before trying again (429). */
        TOO_SOON,
        /** Another system answered wrongly (502). */
        UPSTREAM_FAILED,
        /** Something it needs is unavailable for the moment; the same request may succeed later (503). */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String code;
    private final transient List<FieldError> errors;

    public DomainException(Kind kind, String code, String detail) {
        this(kind, code, detail, List.of());
    }

    public DomainException(Kind kind, String code, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.kind = kind;
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    public static DomainException invalid(String code, String detail) {
        return new DomainException(Kind.INVALID, code, detail);
    }

    /** Invalid fields, each named: the same shape as a failed bean validation. */
    public static DomainException invalidFields(List<FieldError> errors) {
        return new DomainException(Kind.INVALID, "VALIDATION_FAILED", "The request has invalid fields", errors);
    }

    public static DomainException forbidden(String code, String detail) {
        return new DomainException(Kind.FORBIDDEN, code, detail);
    }

    public static DomainException notFound(String what) {
        return new DomainException(Kind.NOT_FOUND, "NOT_FOUND", what + " was not found");
    }

    public static DomainException conflict(String code, String detail) {
        return new DomainException(Kind.CONFLICT, code, detail);
    }

    public static DomainException gone(String code, String detail) {
        return new DomainException(Kind.GONE, code, detail);
    }

    public static DomainException tooLarge(String code, String detail) {
        return new DomainException(Kind.TOO_LARGE, code, detail);
    }

    public static DomainException unsupportedType(String code, String detail) {
        return new DomainException(Kind.UNSUPPORTED_TYPE, code, detail);
    }

    public static DomainException breaksRule(String code, String detail) {
        return new DomainException(Kind.RULE_BROKEN, code, detail);
    }

    /** A broken rule, with the fields that break it. */
    public static DomainException breaksRule(String code, String detail, List<FieldError> errors) {
        return new DomainException(Kind.RULE_BROKEN, code, detail, errors);
    }

    public static DomainException tooSoon(String code, String detail) {
        return new DomainException(Kind.TOO_SOON, code, detail);
    }

    public static DomainException upstreamFailed(String code, String detail) {
        return new DomainException(Kind.UPSTREAM_FAILED, code, detail);
    }

    public static DomainException unavailable(String code, String detail) {
        return new DomainException(Kind.UNAVAILABLE, code, detail);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Whether the same request would be refused again: everything but a dependency that is away for now. */
    public boolean permanent() {
        return kind != Kind.UNAVAILABLE && kind != Kind.UPSTREAM_FAILED;
    }
}
