package org.sscard.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Loopback port helpers. */
public final class Ports {
    /**
     * Ports are handed out from 20000-31999, below the ephemeral range of Linux (32768-60999), macOS and Windows
     * (49152-65535). A port taken from the ephemeral range with {@code new ServerSocket(0)} is free when chosen, but
     * the kernel may give it to an outgoing connection (a JDBC or Kafka client of a service already starting) before
     * the process meant to listen on it binds it, and that process then fails with "address already in use".
     */
    private static final int FIRST = 20000;
    private static final int LAST = 31999;
    /** Where the next search starts: random per JVM so that two JVMs rarely probe the same ports, then ascending so
     * that one JVM never hands out a port twice until it wraps around. */
    private static final AtomicInteger NEXT = new AtomicInteger(FIRST + ThreadLocalRandom.current().nextInt(LAST - FIRST));

    /** A port nobody listens on now, outside the ephemeral range, not handed out before by this JVM (until 12,000
     * ports later). */
    public static int free() {
        for (int tries = 0; tries <= LAST - FIRST; tries++) {
            int port = NEXT.getAndUpdate(p -> p >= LAST ? FIRST : p + 1);
            if (bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + FIRST + "-" + LAST);
    }

    private static boolean bindable(int port) {
        // on every interface, as the services bind; without SO_REUSEADDR, so a port in TIME_WAIT is skipped too
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(port), 1);
        } catch (IOException e) {
            return false;
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static boolean inUse(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Ports() {
    }
}
