package org.sscard.platform.rest;

import org.sscard.platform.text.ControlCharacters;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Map;

/**
 * Refuses, before any resource runs, a path or query value that cannot be decoded or that holds a control
 * character (NUL, escape, ...): such text never reaches a query, a log or a stored record. JSON bodies get the
 * same rule from {@link JsonLimits}, and rosters from their row parser.
 */
public class InputTextFilter {

    @ServerRequestFilter(preMatching = true)
    public Response checkText(ContainerRequestContext ctx) {
        String path;
        MultivaluedMap<String, String> query;
        try {
            path = ctx.getUriInfo().getPath(true);
            query = ctx.getUriInfo().getQueryParameters(true);
        } catch (RuntimeException e) {
            return ProblemMappers.response(400, "BAD_REQUEST", "The request URI is not validly encoded",
                    ctx.getUriInfo().getRequestUri().getRawPath(), List.of());
        }
        if (ControlCharacters.first(path) >= 0 || path.indexOf('\uFFFD') >= 0) {
            return refuse(ctx, "the path");
        }
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            if (ControlCharacters.first(e.getKey()) >= 0) {
                return refuse(ctx, "a query parameter name");
            }
            for (String v : e.getValue()) {
                if (ControlCharacters.first(v) >= 0 || v.indexOf('\uFFFD') >= 0) {
                    return refuse(ctx, e.getKey());
                }
            }
        }
        return null;
    }

    private static Response refuse(ContainerRequestContext ctx, String where) {
        return ProblemMappers.response(400, "CONTROL_CHARACTER", "Control characters and invalid text are not allowed in "
                + where, ctx.getUriInfo().getRequestUri().getRawPath(), List.of());
    }
}
