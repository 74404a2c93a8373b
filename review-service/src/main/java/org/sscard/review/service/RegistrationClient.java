package org.sscard.review.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * The one synchronous call between services: a GET of a material from registration, with the caller's token. It
 * connects within 3 s and answers within 10 s, or fails. A circuit breaker stops calling a registration that is down:
 * when 3 of the last 4 calls failed to reach it (or it, or a proxy before it, answered 502, 503 or 504), calls fail at once for 10 s, then one trial call
 * decides whether it is back. Any other answer is registration's verdict and counts as a success.
 */
@ApplicationScoped
public class RegistrationClient {
    /** Registration could not be reached, or answered that it is unavailable. */
    public static class Unreachable extends RuntimeException {
        Unreachable(String message) {
            super(message, null, false, false);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 1, failOn = Unreachable.class)
    public HttpResponse<byte[]> get(URI uri, String bearerToken) {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + bearerToken)
                .timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new Unreachable("did not answer: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted");
        }
        if (response.statusCode() == 502 || response.statusCode() == 503 || response.statusCode() == 504) {
            throw new Unreachable("answered " + response.statusCode());
        }
        return response;
    }
}
