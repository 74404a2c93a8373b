package org.sscard.review.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.sscard.platform.problem.DomainException;
import org.sscard.review.config.ReviewConfig;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.UUID;

/**
 * Fetches a material from the registration service, which owns them, with the reviewer's own bearer token: the
 * reviewer sees exactly what registration lets a reviewer see, and the bytes pass through without being stored.
 * This is the one synchronous edge between the services (see {@link RegistrationClient} for its timeouts and circuit
 * breaker); when registration is away the reviewer gets 503 REGISTRATION_UNAVAILABLE and the console says so, while
 * the queue, the case, its checks and the decision keep working.
 */
@ApplicationScoped
public class RegistrationMaterials {
    /** A material's bytes and content type. */
    public record File(String contentType, byte[] content) {
    }

    private final RegistrationClient client;
    private final String registrationUrl;

    public RegistrationMaterials(RegistrationClient client, ReviewConfig config) {
        this.client = client;
        this.registrationUrl = config.registrationUrl();
    }

    public File open(UUID applicationId, String kind, String bearerToken) {
        HttpResponse<byte[]> response;
        try {
            response = client.get(URI.create(registrationUrl + "/api/v1/applications/" + applicationId + "/materials/"
                    + kind), bearerToken);
        } catch (RegistrationClient.Unreachable e) {
            throw DomainException.unavailable("REGISTRATION_UNAVAILABLE", "The registration service " + e.getMessage()
                    + "; try again");
        } catch (CircuitBreakerOpenException e) {
            throw DomainException.unavailable("REGISTRATION_UNAVAILABLE", "The registration service is unavailable; "
                    + "calls to it are paused for a few seconds");
        }
        if (response.statusCode() == 404) {
            throw DomainException.notFound("Material " + kind + " of application " + applicationId);
        }
        if (response.statusCode() != 200) {
            throw DomainException.upstreamFailed("REGISTRATION_ERROR", "The registration service answered " + response.statusCode());
        }
        return new File(response.headers().firstValue("Content-Type").orElse("application/octet-stream"), response.body());
    }
}
