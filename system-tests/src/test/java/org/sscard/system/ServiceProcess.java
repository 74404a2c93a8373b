package org.sscard.system;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service running from its packaged jar as a separate operating-system process. */
final class ServiceProcess {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    /** Health, metrics and OpenAPI: the management interface, on a port of its own. */
    final int managementPort;
    private final Path root;
    private final Map<String, String> env;
    private final File log;
    private Process process;

    ServiceProcess(Path root, String name, int port, Map<String, String> env, File logDir) {
        this(root, name, port, org.sscard.infra.Ports.free(), env, logDir);
    }

    ServiceProcess(Path root, String name, int port, int managementPort, Map<String, String> env, File logDir) {
        this(root, name, name + ".log", port, managementPort, env, logDir);
    }

    private ServiceProcess(Path root, String name, String logName, int port, int managementPort, Map<String, String> env,
                           File logDir) {
        this.root = root;
        this.name = name;
        this.port = port;
        this.env = new HashMap<>(env);
        this.env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        this.managementPort = managementPort;
        this.env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        this.log = new File(logDir, logName);
    }

    /** The same service on the same ports with {@code env}: for a rolling restart. */
    ServiceProcess with(Map<String, String> env) {
        return new ServiceProcess(root, name, log.getName(), port, managementPort, env, log.getParentFile());
    }

    /** The same service on the same ports with {@code key} set to {@code value} in its environment. */
    ServiceProcess with(String key, String value) {
        Map<String, String> e = new HashMap<>(env);
        e.put(key, value);
        return with(e);
    }

    /** Another instance of the same service, with the same environment, on ports of its own and logging to
     * {@code <name>-<instance>.log}: for scaling out. */
    ServiceProcess instance(int instance) {
        return new ServiceProcess(root, name, name + "-" + instance + ".log", org.sscard.infra.Ports.free(),
                org.sscard.infra.Ports.free(), env, log.getParentFile());
    }

    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    void start() {
        File jar = root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar").toFile();
        if (!jar.isFile()) {
            throw new IllegalStateException(jar + " is missing: the reactor builds every service before this module");
        }
        ProcessBuilder pb = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.getPath()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        pb.environment().putAll(env);
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name, e);
        }
    }

    void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log
                        + "\n--- its last lines ---\n" + tail(40));
            }
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(300);
        }
        throw new IllegalStateException(name + " not ready within 120 s; see " + log
                + "\n--- its last lines ---\n" + tail(40));
    }

    /** The exit code once the process ended by itself within {@code seconds}; fails if it is still running. */
    int awaitExit(int seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " still running after " + seconds + " s; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    String log() {
        try {
            return java.nio.file.Files.readString(log.toPath());
        } catch (IOException e) {
            return "";
        }
    }

    /** The last {@code lines} lines of the log, so that a failure in CI, where only the test's output is kept, says why. */
    String tail(int lines) {
        String[] all = log().split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    /** SIGKILL: no shutdown hook, no graceful close, exactly like a crash. */
    void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM and wait. */
    void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitFor();
        }
    }

    private void waitFor() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
