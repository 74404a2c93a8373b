package org.sscard.system;

import org.sscard.infra.DevFaceProvider;
import org.sscard.infra.DevTokens;
import org.sscard.infra.KafkaBroker;
import org.sscard.infra.LocalInfra;
import org.sscard.infra.Ports;
import org.sscard.infra.PostgresServer;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole platform for a system test: the four services as separate processes, from their packaged jars, on an
 * embedded PostgreSQL and Kafka broker of their own, every port free and on loopback, logs under
 * {@code system-tests/target/<name>-logs}.
 */
final class Platform implements AutoCloseable {
    static final String FIELD_KEYS = "sys-1=DEVELOPMENT-ONLY-field-key-sys-1-not-a-secret,"
            + "sys-2=DEVELOPMENT-ONLY-field-key-sys-2-not-a-secret";

    final Path root;
    final File logs;
    final PostgresServer postgres;
    final KafkaBroker kafka;
    /** What every service gets; each service's own additions are made by {@link #envOf}. */
    final Map<String, String> env;
    ServiceProcess registration;
    ServiceProcess review;
    ServiceProcess production;
    ServiceProcess notification;

    private Platform(Path root, File logs, PostgresServer postgres, KafkaBroker kafka, Map<String, String> env) {
        this.root = root;
        this.logs = logs;
        this.postgres = postgres;
        this.kafka = kafka;
        this.env = env;
    }

    /** Starts everything and waits until each service is ready; {@code extra} is added to every service's environment. */
    static Platform start(String name, Map<String, String> extra) {
        Path root = Path.of(System.getProperty("sscard.root", "..")).toAbsolutePath().normalize();
        File logs = root.resolve("system-tests/target/" + name + "-logs").toFile();
        logs.mkdirs();
        // commits wait for their WAL, as in production: the fault test crashes the server and counts on it
        PostgresServer postgres = PostgresServer.start(Ports.free(), null, LocalInfra.DATABASES, true);
        KafkaBroker kafka = KafkaBroker.start(Ports.free(), Ports.free(), null, new File(logs, "kafka.log"));
        Map<String, String> env = new HashMap<>(Map.ofEntries(
                Map.entry("SSCARD_PIN_PEPPER", "DEVELOPMENT-ONLY-pin-pepper-not-a-secret"),
                Map.entry("SSCARD_ECARD_SIGNING_KEY", "DEVELOPMENT-ONLY-ecard-key-not-a-secret"),
                Map.entry("SSCARD_BLIND_INDEX_KEY", "DEVELOPMENT-ONLY-blind-index-key-not-a-secret"),
                // every service holds both keys of the ring from the start; sys-2 becomes active in the rotation test
                Map.entry("SSCARD_FIELD_KEYS", FIELD_KEYS),
                Map.entry("SSCARD_ACTIVE_FIELD_KEY", "sys-1"),
                Map.entry("SSCARD_CRYPTO_RE_ENCRYPT_EVERY", "2s"),
                Map.entry("SSCARD_CRYPTO_RE_ENCRYPT_DELAY", "1s"),
                Map.entry("SSCARD_PG_URL", "jdbc:postgresql://127.0.0.1:" + postgres.port()),
                Map.entry("SSCARD_KAFKA_BOOTSTRAP", kafka.bootstrapServers()),
                Map.entry("SSCARD_JWT_PUBLIC_KEY_LOCATION", "file:" + root.resolve("dev-keys/DEV-ONLY-public-key.pem")),
                Map.entry("SSCARD_JWT_ISSUER", DevTokens.ISSUER),
                Map.entry("SSCARD_FACE_PROVIDER_PUBLIC_KEY_LOCATION",
                        "file:" + root.resolve("dev-keys/DEV-ONLY-face-provider-public-key.pem")),
                Map.entry("SSCARD_FACE_PROVIDER_ISSUER", DevFaceProvider.ISSUER),
                Map.entry("SSCARD_PRODUCTION_BATCH_MAX_AGE", "1s"),
                Map.entry("SSCARD_PRODUCTION_BATCH_CHECK_INTERVAL", "0.5s"),
                Map.entry("SSCARD_OUTBOX_POLL_INTERVAL", "0.2s"),
                Map.entry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false"),
                // production in every respect but one: the published development keys above are accepted
                Map.entry("QUARKUS_PROFILE", "local")));
        env.putAll(extra);
        Platform p = new Platform(root, logs, postgres, kafka, Map.copyOf(env));
        p.registration = new ServiceProcess(root, "registration-service", Ports.free(), env, logs);
        p.review = new ServiceProcess(root, "review-service", Ports.free(), env, logs);
        p.production = new ServiceProcess(root, "card-production-service", Ports.free(), env, logs);
        p.notification = new ServiceProcess(root, "notification-service", Ports.free(), env, logs);
        p.review = p.review.with(p.envOf(p.review, env));
        p.notification = p.notification.with(p.envOf(p.notification, env));
        p.all().forEach(ServiceProcess::start);
        p.all().forEach(ServiceProcess::awaitReady);
        return p;
    }

    /** {@code base} with what {@code service} needs of the others: review reads materials from registration, and
     * notification's reconciliation reads the others' feeds on their management ports. */
    Map<String, String> envOf(ServiceProcess service, Map<String, String> base) {
        Map<String, String> e = new HashMap<>(base);
        if (service.name.equals("review-service")) {
            e.put("SSCARD_REVIEW_REGISTRATION_URL", registration.url());
        }
        if (service.name.equals("notification-service")) {
            e.put("SSCARD_RECONCILIATION_REGISTRATION_URL", registration.managementUrl());
            e.put("SSCARD_RECONCILIATION_REVIEW_URL", review.managementUrl());
            e.put("SSCARD_RECONCILIATION_CARD_PRODUCTION_URL", production.managementUrl());
        }
        return e;
    }

    List<ServiceProcess> all() {
        return List.of(registration, review, production, notification);
    }

    /** Stops {@code service} and starts it again on the same ports with {@code base} (and what it needs of the others). */
    ServiceProcess restart(ServiceProcess service, Map<String, String> base) {
        service.stop();
        ServiceProcess next = service.with(envOf(service, base));
        next.start();
        next.awaitReady();
        return next;
    }

    @Override
    public void close() {
        for (ServiceProcess s : new ServiceProcess[]{registration, review, production, notification}) {
            if (s != null) {
                s.stop();
            }
        }
        kafka.close();
        postgres.close();
    }
}
