package org.sscard.platform.reliability;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness is down while a consumer waits for the database or the broker (not while it waits out contention) and
 * comes back by itself with the first event it handles; liveness never looks here, so an outage never restarts the
 * service.
 */
@ApplicationScoped
@Readiness
public class ConsumersReady implements HealthCheck {
    private final ConsumerWaits waits;

    public ConsumersReady(ConsumerWaits waits) {
        this.waits = waits;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("event consumers").up();
        waits.current().forEach((topic, w) -> {
            b.withData(topic, "waiting for " + w.cause() + " since " + w.since() + " (" + w.lastFailure() + ")");
            if (w.cause() != Failures.Unavailable.CONTENTION) {
                b.down();
            }
        });
        return b.build();
    }
}
