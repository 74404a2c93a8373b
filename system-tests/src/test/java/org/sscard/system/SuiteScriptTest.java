package org.sscard.system;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sscard.infra.DevTokens;
import org.sscard.infra.Ports;
import org.sscard.infra.Processes;
import org.sscard.infra.TestCreditCodes;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./suite} as a user runs it, on a state folder and ports of its own: one suite at a time, {@code down} from
 * another terminal stops a foreground {@code up} cleanly, and {@code up} after an unclean stop (every process killed,
 * PostgreSQL in the middle of its work, the Kafka broker left frozen with its log directory locked) starts again with
 * the data intact.
 */
class SuiteScriptTest {
    static Path root;
    static Path state;
    static Map<String, String> env;
    static int offset;

    @BeforeAll
    static void prepare() throws IOException {
        root = Path.of(System.getProperty("sscard.root", "..")).toAbsolutePath().normalize();
        state = root.resolve("system-tests/target/suite-state");
        deleteTree(state);
        offset = freeOffset();
        env = new HashMap<>(Map.of(
                "SSCARD_STATE_DIR", state.toString(),
                "SSCARD_PG_PORT", String.valueOf(Ports.free()),
                "SSCARD_KAFKA_PORT", String.valueOf(Ports.free()),
                "SSCARD_KAFKA_CONTROLLER_PORT", String.valueOf(Ports.free()),
                "SSCARD_PORT_OFFSET", String.valueOf(offset),
                "JAVA_HOME", System.getProperty("java.home")));
    }

    @AfterAll
    static void cleanUp() throws Exception {
        run(Duration.ofMinutes(3), "down");
        // whatever a failed test left: every process that names this state folder
        ProcessHandle.allProcesses().filter(p -> Processes.commandLine(p).contains(state.toString())).forEach(p -> {
                    Processes.signal("CONT", p.pid());
                    p.destroyForcibly();
                });
    }

    /** An offset that frees the services' eight ports (API and management) on this machine. */
    static int freeOffset() {
        for (int o = 21000 + ThreadLocalRandom.current().nextInt(200) * 10; o < 40000; o += 10) {
            int base = o;
            if (List.of(8081, 8082, 8083, 8084, 9081, 9082, 9083, 9084).stream().noneMatch(p -> Ports.inUse(p + base))) {
                return o;
            }
        }
        throw new IllegalStateException("no free ports for the suite");
    }

    record Result(int exit, String output) {
    }

    static ProcessBuilder suite(File out, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(root.resolve("suite").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out));
        pb.environment().putAll(env);
        return pb;
    }

    static Result run(Duration limit, String... args) throws Exception {
        File out = File.createTempFile("suite-", ".log");
        Process p = suite(out, args).start();
        if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("./suite " + String.join(" ", args) + " still running after " + limit
                    + ":\n" + Files.readString(out.toPath()));
        }
        return new Result(p.exitValue(), Files.readString(out.toPath()));
    }

    static String registration() {
        return "http://127.0.0.1:" + (8081 + offset);
    }

    static long pidOf(String name) throws IOException {
        return Long.parseLong(Files.readString(state.resolve("pids/" + name + ".pid")).trim());
    }

    @Test
    void oneSuiteAtATimeDownStopsAForegroundUpAndUpRecoversFromAnUncleanStop() throws Exception {
        // a foreground up, as in a terminal
        File upLog = File.createTempFile("suite-up-", ".log");
        Process up = suite(upLog, "up").start();
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            assertTrue(up.isAlive(), () -> "up stopped: " + read(upLog));
            return read(upLog).contains("The social security card suite is up.");
        });

        // a second one is refused while the first holds the folder
        Result second = run(Duration.ofMinutes(1), "up", "--detach");
        assertNotEquals(0, second.exit(), second.output());
        assertTrue(second.output().contains("is running"), second.output());

        // down from another terminal: the foreground up stops everything itself and ends cleanly
        Result down = run(Duration.ofMinutes(3), "down");
        assertEquals(0, down.exit(), down.output());
        assertTrue(up.waitFor(60, TimeUnit.SECONDS), "the foreground up ended");
        assertEquals(0, up.exitValue(), read(upLog));
        assertFalse(Ports.inUse(8081 + offset), "registration stopped");
        assertFalse(Ports.inUse(Integer.parseInt(env.get("SSCARD_PG_PORT"))), "PostgreSQL stopped");
        assertFalse(Ports.inUse(Integer.parseInt(env.get("SSCARD_KAFKA_PORT"))), "Kafka stopped");
        assertFalse(Files.exists(state.resolve("lock")), "the lock is released");

        // the next up starts at once, and the suite takes an employer
        Result detached = run(Duration.ofMinutes(4), "up", "--detach");
        assertEquals(0, detached.exit(), detached.output());
        String base = "91110105" + String.format("%09d", ThreadLocalRandom.current().nextInt(1_000_000_000));
        String employer = TestCreditCodes.withCheckCharacter(base);
        given().baseUri(registration()).auth().oauth2(DevTokens.token("intake-clerk", "suite-clerk"))
                .contentType(ContentType.JSON).body("{\"creditCode\":\"" + employer + "\",\"name\":\"某某公司\","
                        + "\"contactName\":\"李经理\",\"contactPhone\":\"13800138000\"}")
                .post("/api/v1/employers").then().statusCode(201);

        // an unclean stop: the suite's processes killed, PostgreSQL with them, the Kafka broker left frozen (so it
        // keeps its log directory locked and cannot exit)
        long broker = ProcessHandle.allProcesses().filter(p -> Processes.commandLine(p).contains("kafka.Kafka")
                && Processes.commandLine(p).contains(state.toString())).findFirst().orElseThrow().pid();
        Processes.signal("STOP", broker);
        long postmaster = Long.parseLong(Files.readAllLines(state.resolve("data/postgres/postmaster.pid")).get(0).trim());
        List<ProcessHandle> postgres = ProcessHandle.of(postmaster).map(p -> java.util.stream.Stream.concat(
                java.util.stream.Stream.of(p), p.children()).toList()).orElseThrow();
        for (String name : List.of("infra", "registration-service", "review-service", "card-production-service",
                "notification-service")) {
            Processes.signal("KILL", pidOf(name));
        }
        postgres.forEach(p -> Processes.signal("KILL", p.pid()));

        Result recovered = run(Duration.ofMinutes(5), "up", "--detach");
        assertEquals(0, recovered.exit(), recovered.output() + "\ninfra log:\n" + read(state.resolve("logs/infra.log").toFile()));
        String infraLog = read(state.resolve("logs/infra.log").toFile());
        assertTrue(infraLog.contains("Stopping the Kafka broker an earlier run left"), infraLog);
        assertFalse(ProcessHandle.of(broker).map(ProcessHandle::isAlive).orElse(false), "the frozen broker is gone");
        given().baseUri(registration()).auth().oauth2(DevTokens.token("intake-clerk", "suite-clerk"))
                .get("/api/v1/employers/" + employer).then().statusCode(200);

        Result last = run(Duration.ofMinutes(3), "down");
        assertEquals(0, last.exit(), last.output());
    }

    static String read(File f) {
        try {
            return Files.readString(f.toPath());
        } catch (IOException e) {
            return "";
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
