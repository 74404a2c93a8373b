package org.sscard.infra;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs another main class and exits when standard input reaches end of file, which happens when the parent
 * process dies, however it died. Keeps child brokers from outliving a killed test JVM or launcher.
 */
public final class ParentWatchdog {
    public static void main(String[] args) throws Exception {
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // parent alive
                }
            } catch (IOException e) {
                // treat as parent gone
            }
            System.exit(0);
        }, "parent-watchdog");
        watcher.setDaemon(true);
        watcher.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }

    private ParentWatchdog() {
    }
}
