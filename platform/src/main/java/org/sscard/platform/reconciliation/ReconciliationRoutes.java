package org.sscard.platform.reconciliation;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The reconciliation feed of a service, on its management port (internal, like health and metrics; it carries
 * application ids and statuses, no personal data):
 * <ul>
 * <li>{@code GET /reconciliation/applications?set=under-way&after=…&limit=…} and
 * {@code GET /reconciliation/applications?set=settled&since=…&afterAt=…&after=…&limit=…}: the applications to compare
 * (registration);</li>
 * <li>{@code POST /reconciliation/applications/states} with a JSON array of application ids (at most
 * {@value #MAX_IDS}): this service's state of each it knows.</li>
 * </ul>
 * A service without a {@link StateFeed} (notification, which runs the reconciliation) answers 404.
 */
@ApplicationScoped
public class ReconciliationRoutes {
    private static final Logger LOG = Logger.getLogger(ReconciliationRoutes.class);
    static final int MAX_IDS = 5000;
    private static final TypeReference<List<UUID>> IDS = new TypeReference<>() {
    };

    private final Instance<StateFeed> feed;
    private final ObjectMapper mapper;

    public ReconciliationRoutes(Instance<StateFeed> feed, ObjectMapper mapper) {
        this.feed = feed;
        this.mapper = mapper;
    }

    void register(@Observes ManagementInterface management) {
        management.router().get("/reconciliation/applications").blockingHandler(rc -> inRequest(rc, this::toCompare),
                false);
        management.router().post("/reconciliation/applications/states").handler(BodyHandler.create()
                .setBodyLimit(MAX_IDS * 40L)).blockingHandler(rc -> inRequest(rc, this::states), false);
    }

    /** A plain Vert.x route has no CDI request context, which the feeds' database sessions need. */
    private static void inRequest(RoutingContext rc, java.util.function.Consumer<RoutingContext> handler) {
        ManagedContext request = Arc.container().requestContext();
        request.activate();
        try {
            handler.accept(rc);
        } finally {
            request.terminate();
        }
    }

    private void toCompare(RoutingContext rc) {
        if (feed.isUnsatisfied()) {
            rc.response().setStatusCode(404).end();
            return;
        }
        try {
            UUID after = uuid(rc.queryParams().get("after"));
            int limit = Math.max(1, Math.min(MAX_IDS, Integer.parseInt(rc.queryParams().get("limit") == null ? "1000"
                    : rc.queryParams().get("limit"))));
            String set = rc.queryParams().get("set");
            if ("under-way".equals(set)) {
                json(rc, feed.get().underWay(after, limit));
            } else if ("settled".equals(set)) {
                String afterAt = rc.queryParams().get("afterAt");
                json(rc, feed.get().settledSince(Instant.parse(rc.queryParams().get("since")),
                        afterAt == null || afterAt.isBlank() ? null : Instant.parse(afterAt), after, limit));
            } else {
                rc.response().setStatusCode(400).end();
            }
        } catch (RuntimeException e) {
            fail(rc, e);
        }
    }

    private static UUID uuid(String s) {
        return s == null || s.isBlank() ? null : UUID.fromString(s);
    }

    private void states(RoutingContext rc) {
        if (feed.isUnsatisfied()) {
            rc.response().setStatusCode(404).end();
            return;
        }
        try {
            List<UUID> ids = mapper.readValue(rc.body().asString(), IDS);
            if (ids.size() > MAX_IDS) {
                rc.response().setStatusCode(413).end();
                return;
            }
            json(rc, feed.get().states(ids));
        } catch (Exception e) {
            fail(rc, e);
        }
    }

    private void json(RoutingContext rc, Object body) {
        try {
            rc.response().putHeader("Content-Type", "application/json").end(mapper.writeValueAsString(body));
        } catch (Exception e) {
            fail(rc, e);
        }
    }

    private static void fail(RoutingContext rc, Exception e) {
        boolean bad = e instanceof IllegalArgumentException || e instanceof java.time.format.DateTimeParseException
                || e instanceof com.fasterxml.jackson.core.JsonProcessingException;
        if (!bad) {
            LOG.warnf("Reconciliation feed failed: %s", e.getClass().getSimpleName());
        }
        rc.response().setStatusCode(bad ? 400 : 503).end();
    }
}
