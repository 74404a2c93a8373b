package org.sscard.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What an unclean stop of the suite (a killed terminal, a killed JVM) leaves behind in its data folders, cleared before
 * the next start: a PostgreSQL still running on the data directory (the embedded server runs as a daemon of its own,
 * so it outlives the JVM that started it), a stale {@code postmaster.pid}, and a Kafka broker still holding its log
 * directory's lock (one that is slow to stop, or frozen). PostgreSQL that was killed recovers from its WAL by itself on
 * the next start; Kafka recovers its logs.
 */
final class Leftovers {
    private Leftovers() {
    }

    /**
     * Stops a PostgreSQL left running on {@code dataDir}, and removes the lock files of one that is gone: its
     * {@code postmaster.pid} and the lock of its socket for {@code port} in /tmp. PostgreSQL removes a stale lock file
     * itself only when no process has its PID; a killed server with much shared memory takes a while to exit (its
     * command line is already empty meanwhile), and a process nobody reaps keeps its PID for good.
     */
    static void clearPostgres(Path dataDir, int port) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        firstLineNumber(pidFile).flatMap(ProcessHandle::of).ifPresent(process -> {
            if (isPostgresOf(process, dataDir)) {
                stopPostgres(process, dataDir);
            } else if (!awaitExit(process, 10)) {
                System.out.println("Removing a stale " + pidFile + ": process " + process.pid() + " is not its PostgreSQL");
                delete(pidFile);
            }
        });
        Path socketLock = Path.of("/tmp", ".s.PGSQL." + port + ".lock");
        firstLineNumber(socketLock).ifPresent(pid -> {
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isPresent() && (isPostgresOf(process.get(), dataDir) || awaitExit(process.get(), 10))) {
                return; // stopped above, or gone: PostgreSQL replaces the file itself
            }
            if (process.isPresent() && Processes.commandLine(process.get()).contains("postgres")) {
                return; // another PostgreSQL on this port: starting will say so
            }
            System.out.println("Removing a stale " + socketLock + " (process " + pid + " is gone)");
            delete(socketLock);
            delete(Path.of("/tmp", ".s.PGSQL." + port));
        });
    }

    private static boolean isPostgresOf(ProcessHandle process, Path dataDir) {
        String command = Processes.commandLine(process);
        return process.isAlive() && command.contains("postgres") && command.contains(dataDir.toAbsolutePath().toString());
    }

    private static void stopPostgres(ProcessHandle process, Path dataDir) {
        System.out.println("Stopping the PostgreSQL an earlier run left on " + dataDir + " (pid " + process.pid() + ")");
        List<ProcessHandle> children = process.descendants().toList();
        Processes.signal("INT", process.pid()); // fast shutdown: ends the sessions of the services that died with it
        if (!awaitExit(process, 30)) {
            Processes.signal("KILL", process.pid());
            awaitExit(process, 10);
        }
        // backends outliving a killed postmaster would keep its shared memory, and the next one would not start
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                Processes.signal("KILL", child.pid());
                awaitExit(child, 10);
            }
        }
    }

    /** Stops any process that runs a Kafka broker with {@code config}, the broker of an earlier run. */
    static void clearKafka(Path config) {
        String path = config.toAbsolutePath().toString();
        ProcessHandle self = ProcessHandle.current();
        ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self.pid())
                .filter(p -> {
                    String c = Processes.commandLine(p);
                    return c.contains("kafka.Kafka") && c.contains(path);
                })
                .forEach(p -> {
                    System.out.println("Stopping the Kafka broker an earlier run left on " + config.getParent()
                            + " (pid " + p.pid() + ")");
                    Processes.signal("CONT", p.pid()); // a frozen broker handles no signal but KILL
                    p.destroy();
                    if (!awaitExit(p, 20)) {
                        p.destroyForcibly();
                        awaitExit(p, 10);
                    }
                });
    }

    private static Optional<Long> firstLineNumber(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            String first = Files.readAllLines(file, StandardCharsets.US_ASCII).stream().findFirst().orElse("").trim();
            return first.matches("\\d{1,10}") ? Optional.of(Long.parseLong(first)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean awaitExit(ProcessHandle p, int seconds) {
        try {
            p.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return !p.isAlive();
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // PostgreSQL will say why it cannot start
        }
    }
}
