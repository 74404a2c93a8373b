package org.sscard.platform.rest;

import org.sscard.platform.problem.FieldError;
import java.util.List;

/** Thrown by services to answer with a problem+json of a given status and stable code. */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String code;
    private final transient List<FieldError> errors;

    public ProblemException(int status, String code, String detail) {
        this(status, code, detail, List.of());
    }

    public ProblemException(int status, String code, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.errors = errors;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "NOT_FOUND", what + " was not found");
    }

    /** 409: the request conflicts with the current state of the resource. */
    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(409, code, detail);
    }

    /** 422: a well-formed request that breaks a business rule. */
    public static ProblemException unprocessable(String code, String detail) {
        return new ProblemException(422, code, detail);
    }

    /** 503: a dependency is unavailable for the moment; the answer carries {@code Retry-After}. */
    public static ProblemException unavailable(String code, String detail) {
        return new ProblemException(503, code, detail);
    }

    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(400, code, detail);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
