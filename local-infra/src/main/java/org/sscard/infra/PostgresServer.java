package org.sscard.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/** A real PostgreSQL (binaries from Maven Central, via zonky) on a loopback port. */
public final class PostgresServer implements AutoCloseable {
    private final EmbeddedPostgres pg;
    private final int port;

    private PostgresServer(EmbeddedPostgres pg, int port) {
        this.pg = pg;
        this.port = port;
    }

    /**
     * Starts PostgreSQL on {@code port}. With a {@code dataDir} the data is kept there across restarts, with the
     * durability of production; without one a temporary directory is used and removed on close, and commits do not
     * wait for the WAL (a test's data need not outlive the test).
     */
    public static PostgresServer start(int port, File dataDir, List<String> databases) {
        return start(port, dataDir, databases, dataDir != null);
    }

    /**
     * Like {@link #start(int, File, List)}, choosing whether a commit waits until its WAL is written
     * ({@code synchronous_commit}, as in production). A test that crashes PostgreSQL needs it: without it, a commit the
     * server already acknowledged may be lost with its WAL buffers. ({@code fsync} stays off for a temporary directory:
     * what is written survives a crash of PostgreSQL, though not of the machine.)
     */
    public static PostgresServer start(int port, File dataDir, List<String> databases, boolean durableCommits) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", dataDir == null ? "off" : "on")
                    .setServerConfig("synchronous_commit", durableCommits ? "on" : "off");
            if (dataDir != null) {
                // The suite's server holds four services' databases and takes employer rosters of 100,000 rows:
                // PostgreSQL's defaults (128 MB of buffers, a checkpoint every 1 GB of WAL) are sized for a small
                // machine, and made a roster of that size force checkpoints and read its indexes back from disk.
                builder.setServerConfig("shared_buffers", "512MB")
                        .setServerConfig("max_wal_size", "4GB")
                        .setServerConfig("checkpoint_timeout", "15min");
            }
            if (dataDir != null) {
                dataDir.mkdirs();
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            }
            PostgresServer server = new PostgresServer(builder.start(), port);
            for (String db : databases) {
                server.createDatabaseIfMissing(db);
            }
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL did not start on port " + port, e);
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public void createDatabaseIfMissing(String db) {
        createDatabaseIfMissing("jdbc:postgresql://127.0.0.1:" + port, "postgres", "postgres", db);
    }

    /** Creates {@code db} on the server at {@code baseUrl} (no database in the URL) unless it exists. */
    public static void createDatabaseIfMissing(String baseUrl, String user, String password, String db) {
        if (!db.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + db);
        }
        try (Connection c = DriverManager.getConnection(baseUrl + "/postgres", user, password);
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select 1 from pg_database where datname = '" + db + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            st.execute("create database " + db);
        } catch (SQLException e) {
            throw new IllegalStateException("could not prepare database " + db + " on " + baseUrl + ": " + e.getMessage(), e);
        }
    }

    /** The postmaster's process id: the parent of a backend. */
    public long postmasterPid() {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "postgres");
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
            rs.next();
            long backend = rs.getLong(1);
            return ProcessHandle.of(backend).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)
                    .orElseThrow(() -> new IllegalStateException("the postmaster of backend " + backend + " is not visible"));
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL does not answer on " + port, e);
        }
    }

    /**
     * A crash of the server, as a machine loses it: the postmaster is held stopped, every other process of the server
     * (each backend, and the checkpointer, writers and launchers) is killed with SIGKILL, and after {@code down} the
     * postmaster goes on, finds its children gone, and recovers from its WAL. Connections to it meanwhile hang in
     * the kernel's backlog: nothing answers them. Returns after {@code down}.
     */
    public void crash(Duration down) {
        long postmaster = postmasterPid();
        Processes.signal("STOP", postmaster);
        try {
            ProcessHandle.of(postmaster).ifPresent(p -> p.children().forEach(child -> Processes.signal("KILL", child.pid())));
            Thread.sleep(down.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Processes.signal("CONT", postmaster);
        }
    }

    @Override
    public void close() {
        try {
            pg.close();
        } catch (IOException e) {
            // stopping is best effort
        }
    }
}
