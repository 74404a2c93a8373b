package org.sscard.platform.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.sscard.platform.problem.DomainException;
import org.sscard.platform.problem.FieldError;
import org.sscard.platform.reliability.DatabaseProbe;
import org.sscard.platform.reliability.Failures;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Turns every failure into application/problem+json with a stable code. Nothing here leaks internals. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** Seconds a client waits before it retries a request that met unavailable infrastructure. */
    static final String RETRY_AFTER_SECONDS = "5";

    private final DatabaseProbe probe;

    public ProblemMappers(DatabaseProbe probe) {
        this.probe = probe;
    }

    public static Response response(int status, String code, String detail, String path, List<FieldError> errors) {
        Response.StatusType st = Response.Status.fromStatusCode(status);
        String title = st == null ? "Error" : st.getReasonPhrase();
        String type = "urn:sscard:problem:" + code.toLowerCase().replace('_', '-');
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(type, title, status, code, detail, path, errors))
                .build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getPath();
    }

    /** A refusal of the domain: its kind decides the status, its code and detail go out as they are. */
    @ServerExceptionMapper
    public Response domain(DomainException e, UriInfo uri) {
        int status = status(e.kind());
        Response r = response(status, e.code(), e.getMessage(), path(uri), e.errors());
        return status == 503 ? Response.fromResponse(r).header("Retry-After", RETRY_AFTER_SECONDS).build() : r;
    }

    /** The one place a kind of domain refusal becomes an HTTP status. */
    public static int status(DomainException.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case GONE -> 410;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_TYPE -> 415;
            case RULE_BROKEN -> 422;
            case TOO_SOON -> 429;
            case UPSTREAM_FAILED -> 502;
            case UNAVAILABLE -> 503;
        };
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .collect(Collectors.toList());
        return response(400, "VALIDATION_FAILED", "The request has invalid fields", path(uri), errors);
    }

    /** The last node of a violation path, e.g. {@code submit.request.idNumber} becomes {@code idNumber}. */
    private static String field(ConstraintViolation<?> v) {
        String p = v.getPropertyPath().toString();
        String[] parts = p.split("\\.");
        if (parts.length >= 3) {
            return String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length));
        }
        return parts[parts.length - 1];
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e, UriInfo uri) {
        String field = jsonPath(e);
        String detail = e.getTargetType() != null && e.getTargetType().isEnum()
                ? "Unknown value for " + field + "; allowed: " + java.util.Arrays.toString(e.getTargetType().getEnumConstants())
                : "Wrong type for " + field;
        return response(400, "INVALID_VALUE", detail, path(uri), List.of(new FieldError(field, detail)));
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return fieldProblem("INVALID_VALUE", "Wrong type or shape for ", "the request body", e, uri);
    }

    /** A 400 about the JSON field at which {@code e} happened, or about {@code whole} when it has no path. */
    private static Response fieldProblem(String code, String prefix, String whole, JsonMappingException e, UriInfo uri) {
        String field = jsonPath(e);
        String detail = prefix + (field.isEmpty() ? whole : field);
        return response(400, code, detail, path(uri),
                field.isEmpty() ? List.of() : List.of(new FieldError(field, detail)));
    }

    @ServerExceptionMapper
    public Response instantiation(ValueInstantiationException e, UriInfo uri) {
        return response(400, "INVALID_VALUE", "The request body could not be read", path(uri), List.of());
    }

    @ServerExceptionMapper
    public Response malformed(JsonParseException e, UriInfo uri) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr();
        return response(400, "MALFORMED_JSON", "The request body is not valid JSON" + where, path(uri), List.of());
    }

    /** A document over a limit of {@link JsonLimits}: too deep, a string too long, or too large. */
    @ServerExceptionMapper
    public Response tooLarge(StreamConstraintsException e, UriInfo uri) {
        return response(400, "INPUT_LIMIT_EXCEEDED", "The request body exceeds a limit on nesting depth, string length "
                + "or size", path(uri), List.of());
    }

    @ServerExceptionMapper
    public Response controlCharacter(JsonLimits.ControlCharacterException e, UriInfo uri) {
        return fieldProblem("CONTROL_CHARACTER", "Control characters are not allowed in ", "text", e, uri);
    }

    /** Any other failure to read JSON (an encoding error, say) is the client's, never a 500. */
    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        return response(400, "MALFORMED_JSON", "The request body is not valid JSON", path(uri), List.of());
    }

    @ServerExceptionMapper
    public Response mapping(JsonMappingException e, UriInfo uri) {
        return response(400, "INVALID_VALUE", "The request body could not be read", path(uri), List.of());
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return withChallenge(response(401, "UNAUTHENTICATED", "A valid bearer token is required", path(uri), List.of()));
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return withChallenge(response(401, "UNAUTHENTICATED", "A valid bearer token is required", path(uri), List.of()));
    }

    private static Response withChallenge(Response r) {
        return Response.fromResponse(r).header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return response(403, "FORBIDDEN", "Your role may not do this", path(uri), List.of());
    }

    @ServerExceptionMapper
    public Response optimisticLock(OptimisticLockException e, UriInfo uri) {
        return response(409, "CONCURRENT_MODIFICATION", "The resource was changed by someone else; reload and retry",
                path(uri), List.of());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        String code = switch (status) {
            case 400 -> "BAD_REQUEST";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            default -> status >= 500 ? "INTERNAL_ERROR" : "HTTP_" + status;
        };
        Response.StatusType st = Response.Status.fromStatusCode(status);
        String detail = status >= 500 ? "The server could not handle the request" : (st == null ? "Request failed" : st.getReasonPhrase());
        if (e.getCause() instanceof StreamConstraintsException sce) {
            return tooLarge(sce, uri);
        }
        if (e.getCause() instanceof JsonLimits.ControlCharacterException cce) {
            return controlCharacter(cce, uri);
        }
        if (e.getCause() instanceof JsonParseException jpe) {
            return malformed(jpe, uri);
        }
        if (e.getCause() instanceof InvalidFormatException ife) {
            return invalidFormat(ife, uri);
        }
        if (e.getCause() instanceof MismatchedInputException mie) {
            return mismatched(mie, uri);
        }
        if (e.getCause() instanceof JsonProcessingException jpe) {
            return unreadable(jpe, uri);
        }
        return response(status, code, detail, path(uri), List.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof OptimisticLockException ole) { // raised at commit, wrapped by the interceptor
                return optimisticLock(ole, uri);
            }
        }
        // The database or the broker is down (or busy): nothing was committed, and the client may try again. The
        // failure may be wrapped at commit (Narayana, ArC), so the classification walks the whole chain; a failure that
        // names no cause while the database does not answer is the database's.
        java.util.Optional<Failures.Unavailable> unavailable = probe.unavailable(e);
        if (unavailable.isPresent()) {
            LOG.warnf("%s unavailable on %s (%s): answered 503", unavailable.get(), path(uri), e.getClass().getSimpleName());
            return Response.fromResponse(response(503, "SERVICE_UNAVAILABLE", unavailable.get() == Failures.Unavailable
                            .CONTENTION ? "The request met a concurrent change; retry it" : "A dependency of this "
                            + "service is unavailable for the moment; retry later", path(uri), List.of()))
                    .header("Retry-After", unavailable.get() == Failures.Unavailable.CONTENTION ? "1" : RETRY_AFTER_SECONDS)
                    .build();
        }
        LOG.errorf(e, "Unexpected failure on %s", path(uri));
        return response(500, "INTERNAL_ERROR", "The server could not handle the request", path(uri), List.of());
    }

    static String jsonPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}
