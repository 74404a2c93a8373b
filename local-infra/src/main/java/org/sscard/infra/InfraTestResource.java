package org.sscard.infra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.List;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} a real PostgreSQL and a real Kafka broker, started once per test JVM on free
 * loopback ports (no Docker needed) and stopped when the JVM exits.
 */
public class InfraTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        SharedInfra infra = SharedInfra.get();
        return Map.of(
                "quarkus.datasource.jdbc.url", infra.postgres().jdbcUrl("postgres"),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres",
                "kafka.bootstrap.servers", infra.kafka().bootstrapServers());
    }

    @Override
    public void stop() {
        // shared by every test class of this JVM; stopped by a shutdown hook
    }

    /** One PostgreSQL and one Kafka per JVM. */
    public record SharedInfra(PostgresServer postgres, KafkaBroker kafka) {
        private static SharedInfra instance;

        public static synchronized SharedInfra get() {
            if (instance == null) {
                PostgresServer pg = PostgresServer.start(Ports.free(), null, List.of());
                KafkaBroker kafka = KafkaBroker.start(Ports.free(), Ports.free(), null, null);
                instance = new SharedInfra(pg, kafka);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    kafka.close();
                    pg.close();
                }, "sscard-test-infra-stop"));
            }
            return instance;
        }
    }
}
