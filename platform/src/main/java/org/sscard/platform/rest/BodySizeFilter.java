package org.sscard.platform.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;

/**
 * Refuses JSON bodies larger than {@code sscard.http.max-json-body-bytes} with a 413 problem before they are
 * read, except on the paths of {@code sscard.http.bulk-paths} (a JSON roster is large by nature). (Bodies above {@code quarkus.http.limits.max-body-size} are cut off even earlier by the HTTP layer.)
 */
public class BodySizeFilter {
    private final long maxJsonBytes;
    private final List<String> bulkPaths;

    public BodySizeFilter(@ConfigProperty(name = "sscard.http.max-json-body-bytes", defaultValue = "65536") long maxJsonBytes,
                          @ConfigProperty(name = "sscard.http.bulk-paths", defaultValue = "/none") List<String> bulkPaths) {
        this.maxJsonBytes = maxJsonBytes;
        this.bulkPaths = bulkPaths;
    }

    @ServerRequestFilter(preMatching = true)
    public Response checkSize(ContainerRequestContext ctx) {
        MediaType type;
        try {
            type = ctx.getMediaType();
        } catch (IllegalArgumentException e) {
            return ProblemMappers.response(415, "UNSUPPORTED_MEDIA_TYPE", "The Content-Type header is not a media type",
                    ctx.getUriInfo().getRequestUri().getPath(), List.of());
        }
        if (type == null || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            return null;
        }
        String path = ctx.getUriInfo().getRequestUri().getPath();
        if (bulkPaths.stream().anyMatch(path::startsWith)) {
            return null; // bulk uploads (rosters) have their own limit, checked by the service
        }
        String length = ctx.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxJsonBytes) {
                    return ProblemMappers.response(413, "PAYLOAD_TOO_LARGE",
                            "The request body is larger than " + maxJsonBytes + " bytes",
                            ctx.getUriInfo().getRequestUri().getPath(), List.of());
                }
            } catch (NumberFormatException e) {
                return ProblemMappers.response(400, "BAD_REQUEST", "Invalid Content-Length",
                        ctx.getUriInfo().getRequestUri().getPath(), List.of());
            }
        }
        return null;
    }
}
