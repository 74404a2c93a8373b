package org.sscard.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Other processes: POSIX signals through {@code kill} (for faults in tests, and for clearing what an unclean stop
 * left), and their whole command lines.
 */
public final class Processes {
    private Processes() {
    }

    /** Sends {@code signal} (a name such as STOP, CONT, KILL, INT) to {@code pid}; returns whether kill succeeded. */
    public static boolean signal(String signal, long pid) {
        try {
            Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The whole command line of {@code p}, arguments separated by spaces. {@link ProcessHandle.Info#commandLine()}
     * stops at 4 KB on Linux, before the main class of a JVM with a long class path: /proc says it all.
     */
    public static String commandLine(ProcessHandle p) {
        Path proc = Path.of("/proc", Long.toString(p.pid()), "cmdline");
        try {
            if (Files.isReadable(proc)) {
                return new String(Files.readAllBytes(proc), StandardCharsets.UTF_8).replace('\0', ' ').trim();
            }
        } catch (IOException e) {
            // gone meanwhile, or not ours to read
        }
        return p.info().commandLine().orElse("");
    }
}
