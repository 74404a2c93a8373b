package org.sscard.platform.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Per-endpoint body limits ({@link UploadLimitConfig}), enforced before the body is read: this filter runs before
 * the resource is matched and before any body is buffered or parsed, so a body over its endpoint's limit costs the
 * service one header, never its bytes. A raw body of unknown length ({@code Transfer-Encoding: chunked}) is
 * refused with {@code 411}, since it would be read whole into memory; chunked multipart (as some HTTP clients send
 * it) streams its file parts to disk within the HTTP layer's {@code quarkus.http.limits.max-body-size}, and chunked
 * JSON is bounded by its parser as it streams (JsonLimits).
 */
public class BodySizeFilter {
    private record Limit(Pattern path, List<String> methods, long maxBytes, boolean json) {
    }

    private final UploadLimitConfig config;
    private final List<Limit> limits;

    public BodySizeFilter(UploadLimitConfig config) {
        this.config = config;
        this.limits = config.rules().values().stream().map(r -> new Limit(Pattern.compile(r.path()),
                r.methods().stream().map(m -> m.trim().toUpperCase(Locale.ROOT)).toList(), r.maxBytes(), r.json())).toList();
    }

    @ServerRequestFilter(preMatching = true)
    public Response checkSize(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getRequestUri().getPath();
        MediaType type;
        try {
            type = ctx.getMediaType();
        } catch (IllegalArgumentException e) {
            return ProblemMappers.response(415, "UNSUPPORTED_MEDIA_TYPE", "The Content-Type header is not a media type",
                    path, List.of());
        }
        String length = ctx.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        boolean json = type != null && type.isCompatible(MediaType.APPLICATION_JSON_TYPE);
        long max = limitFor(ctx.getMethod(), path, json);
        if (length == null) {
            boolean chunked = ctx.getHeaderString("Transfer-Encoding") != null;
            boolean multipart = type != null && type.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE);
            if (chunked && !json && !multipart) {
                // a raw body (a material, a roster file) is read whole into memory: it must say how large it is
                return ProblemMappers.response(411, "LENGTH_REQUIRED", "This body must declare its Content-Length "
                        + "(at most " + max + " bytes here)", path, List.of());
            }
            return null; // JSON is bounded by its parser as it streams; multipart file parts stream to disk
        }
        try {
            if (Long.parseLong(length.trim()) > max) {
                return ProblemMappers.response(413, "PAYLOAD_TOO_LARGE", "The request body is larger than " + max
                        + " bytes, the limit of this endpoint", path, List.of());
            }
        } catch (NumberFormatException e) {
            return ProblemMappers.response(400, "BAD_REQUEST", "Invalid Content-Length", path, List.of());
        }
        return null;
    }

    private long limitFor(String method, String path, boolean json) {
        for (Limit l : limits) {
            if (l.methods().contains(method) && l.path().matcher(path).matches() && (l.json() || !json)) {
                return l.maxBytes();
            }
        }
        return json ? config.maxJsonBodyBytes() : config.maxBodyBytes();
    }
}
