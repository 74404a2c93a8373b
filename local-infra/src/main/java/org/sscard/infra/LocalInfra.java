package org.sscard.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The infrastructure half of {@code ./suite up}: starts PostgreSQL (one database per service) and a Kafka KRaft
 * broker, with their data under the given state folder, unless the environment names existing ones
 * ({@code SSCARD_PG_URL}, {@code SSCARD_KAFKA_BOOTSTRAP}). Writes {@code infra.env} when both are ready and runs
 * until it is stopped. Also mints development tokens: {@code token ROLE [SUBJECT]}, and
 * development face-check verdicts: {@code face-check ID_NUMBER}.
 */
public final class LocalInfra {
    public static final List<String> DATABASES = List.of("registration", "review", "cardproduction", "notification");

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("face-check")) {
            System.out.println(DevFaceProvider.passed(args[1]));
            return;
        }
        if (args.length >= 2 && args[0].equals("token")) {
            String subject = args.length >= 3 ? args[2] : args[1] + "-1";
            if (args[1].equals("outlet-clerk")) {
                // a clerk works at one outlet: the third argument names it (a development outlet by default)
                System.out.println(DevTokens.clerk(subject, args.length >= 4 ? args[3] : DevTokens.DEV_OUTLET));
            } else {
                System.out.println(args.length >= 4 ? DevTokens.tokenWithIdNumber(args[1], subject, args[3])
                        : DevTokens.token(args[1], subject));
            }
            return;
        }
        if (args.length == 2 && args[0].equals("infra")) {
            runInfra(Path.of(args[1]));
            return;
        }
        System.err.println("usage: LocalInfra infra STATE_DIR | token ROLE [SUBJECT [ID_NUMBER or, for outlet-clerk, OUTLET]] | face-check ID_NUMBER");
        System.exit(2);
    }

    private static void runInfra(Path state) throws IOException, InterruptedException {
        Path data = state.resolve("data");
        Path logs = state.resolve("logs");
        Files.createDirectories(data);
        Files.createDirectories(logs);
        Path envFile = state.resolve("infra.env");
        Files.deleteIfExists(envFile);

        String pgUrl = env("SSCARD_PG_URL", null);
        String pgUser = env("SSCARD_PG_USER", "postgres");
        String pgPassword = env("SSCARD_PG_PASSWORD", "postgres");
        PostgresServer pg = null;
        if (pgUrl == null) {
            int port = Integer.parseInt(env("SSCARD_PG_PORT", "55432"));
            Leftovers.clearPostgres(data.resolve("postgres"), port);
            refuseIfTaken(port, "PostgreSQL", "SSCARD_PG_PORT");
            System.out.println("Starting embedded PostgreSQL on 127.0.0.1:" + port + " (data in " + data.resolve("postgres") + ")");
            pg = PostgresServer.start(port, data.resolve("postgres").toFile(), DATABASES);
            pgUrl = "jdbc:postgresql://127.0.0.1:" + port;
        } else {
            System.out.println("Using the PostgreSQL at " + pgUrl + " (SSCARD_PG_URL)");
            for (String db : DATABASES) {
                PostgresServer.createDatabaseIfMissing(pgUrl, pgUser, pgPassword, db);
            }
        }

        String bootstrap = env("SSCARD_KAFKA_BOOTSTRAP", null);
        KafkaBroker kafka = null;
        if (bootstrap == null) {
            int port = Integer.parseInt(env("SSCARD_KAFKA_PORT", "59092"));
            int controller = Integer.parseInt(env("SSCARD_KAFKA_CONTROLLER_PORT", String.valueOf(port + 1)));
            Leftovers.clearKafka(data.resolve("kafka").resolve("server.properties"));
            refuseIfTaken(port, "Kafka", "SSCARD_KAFKA_PORT");
            refuseIfTaken(controller, "the Kafka controller", "SSCARD_KAFKA_CONTROLLER_PORT");
            System.out.println("Starting Kafka (KRaft) on 127.0.0.1:" + port + " (data in " + data.resolve("kafka") + ")");
            kafka = KafkaBroker.start(port, controller, data.resolve("kafka").toFile(), logs.resolve("kafka.log").toFile());
            bootstrap = kafka.bootstrapServers();
        } else {
            System.out.println("Using the Kafka at " + bootstrap + " (SSCARD_KAFKA_BOOTSTRAP)");
        }

        PostgresServer pgFinal = pg;
        KafkaBroker kafkaFinal = kafka;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping local infrastructure");
            if (kafkaFinal != null) {
                kafkaFinal.close();
            }
            if (pgFinal != null) {
                pgFinal.close();
            }
            stopped.countDown();
        }, "local-infra-stop"));

        String env = "SSCARD_PG_URL=" + pgUrl + "\n"
                + "SSCARD_PG_USER=" + pgUser + "\n"
                + "SSCARD_PG_PASSWORD=" + pgPassword + "\n"
                + "SSCARD_KAFKA_BOOTSTRAP=" + bootstrap + "\n";
        Path tmp = state.resolve("infra.env.tmp");
        Files.writeString(tmp, env, StandardCharsets.UTF_8);
        Files.move(tmp, envFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.println("Local infrastructure ready");
        stopped.await();
    }

    private static void refuseIfTaken(int port, String what, String variable) {
        if (Ports.inUse(port)) {
            System.err.println("Port " + port + " for " + what + " is already in use. Stop what uses it, or set "
                    + variable + " to another port.");
            System.exit(3);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private LocalInfra() {
    }

}
