package org.sscard.notification.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.notification.config.ReconciliationConfig;
import org.sscard.platform.reconciliation.ApplicationState;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The reconciliation feeds of registration, review and card production, read over their management interfaces: the
 * one synchronous edge of the operations view, read-only, with timeouts, and without personal data.
 */
@ApplicationScoped
public class PeerStates {
    private static final TypeReference<List<ApplicationState>> STATES = new TypeReference<>() {
    };

    /** A peer that did not answer, or answered with an error. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String peer, String why) {
            super(peer + " " + why, null, false, false);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final ReconciliationConfig config;
    private final ObjectMapper mapper;

    public PeerStates(ReconciliationConfig config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
    }

    /** Registration's applications under way, a page at a time in id order. */
    public List<ApplicationState> underWay(UUID after, int limit) {
        return call("registration", HttpRequest.newBuilder(URI.create(config.registrationUrl()
                + "/reconciliation/applications?set=under-way&limit=" + limit + (after == null ? "" : "&after=" + after)))
                .GET());
    }

    /** Registration's settled applications that changed since {@code since}, a page at a time in order of change. */
    public List<ApplicationState> settledSince(Instant since, ApplicationState after, int limit) {
        String query = "?set=settled&limit=" + limit + "&since=" + encode(since)
                + (after == null ? "" : "&afterAt=" + encode(after.at()) + "&after=" + after.applicationId());
        return call("registration", HttpRequest.newBuilder(URI.create(config.registrationUrl()
                + "/reconciliation/applications" + query)).GET());
    }

    private static String encode(Instant at) {
        return URLEncoder.encode(at.toString(), StandardCharsets.UTF_8);
    }

    public List<ApplicationState> review(Collection<UUID> ids) {
        return states("review", config.reviewUrl(), ids);
    }

    public List<ApplicationState> cards(Collection<UUID> ids) {
        return states("card production", config.cardProductionUrl(), ids);
    }

    private List<ApplicationState> states(String peer, String base, Collection<UUID> ids) {
        try {
            return call(peer, HttpRequest.newBuilder(URI.create(base + "/reconciliation/applications/states"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(ids))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<ApplicationState> call(String peer, HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unavailable(peer, "did not answer (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(peer, "was not asked: interrupted");
        }
        if (response.statusCode() != 200) {
            throw new Unavailable(peer, "answered " + response.statusCode());
        }
        try {
            return mapper.readValue(response.body(), STATES);
        } catch (IOException e) {
            throw new Unavailable(peer, "answered something unreadable");
        }
    }
}
