package org.sscard.review.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.platform.problem.DomainException;
import org.sscard.review.config.ReviewConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/**
 * Fetches a material from the registration service, which owns them, with the reviewer's own bearer token: the
 * reviewer sees exactly what registration lets a reviewer see, and the bytes pass through without being stored.
 */
@ApplicationScoped
public class RegistrationMaterials {
    /** A material's bytes and content type. */
    public record File(String contentType, byte[] content) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String registrationUrl;

    public RegistrationMaterials(ReviewConfig config) {
        this.registrationUrl = config.registrationUrl();
    }

    public File open(UUID applicationId, String kind, String bearerToken) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(registrationUrl + "/api/v1/applications/"
                        + applicationId + "/materials/" + kind))
                .header("Authorization", "Bearer " + bearerToken).timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw DomainException.unavailable("REGISTRATION_UNAVAILABLE", "The registration service did not answer; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DomainException.unavailable("INTERRUPTED", "Interrupted; try again");
        }
        if (response.statusCode() == 404) {
            throw DomainException.notFound("Material " + kind + " of application " + applicationId);
        }
        if (response.statusCode() == 503) {
            throw DomainException.unavailable("REGISTRATION_UNAVAILABLE", "The registration service is unavailable for the "
                    + "moment; try again");
        }
        if (response.statusCode() != 200) {
            throw DomainException.upstreamFailed("REGISTRATION_ERROR", "The registration service answered " + response.statusCode());
        }
        return new File(response.headers().firstValue("Content-Type").orElse("application/octet-stream"), response.body());
    }
}
