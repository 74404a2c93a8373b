package org.sscard.platform.crypto;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;
import org.sscard.platform.security.BlindIndex;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps every encrypted column under the active key: it rewrites, in small locked batches, each value sealed under
 * another key of the ring (after a rotation) or stored in clear (rows from before encryption), and fills a blind
 * index that is missing. This is how a key is retired: add the new key to every service's ring, make it the active
 * one, and once a pass finds nothing left under the old key (metric {@code sscard_encryption_rewritten_total} stops
 * moving; the SQL in docs/runbooks/rotate-field-key.md counts what is left), take the old key out of the ring.
 *
 * <p>It runs shortly after start and then every {@code sscard.crypto.re-encrypt-every} (an hour: each pass reads
 * every encrypted table, and between rotations it finds nothing; what an instance still on the old key writes during
 * a rolling restart is rewritten by the next pass). Batches lock their rows with
 * {@code skip locked}, so several instances share the work and a request that writes a row at the same time waits
 * for one batch at most; the job only changes how a value is stored, never the value, so nothing is lost either way.
 * Rows walk in physical order ({@code ctid}), so a value that cannot be opened (its key is missing from the ring) is
 * counted, reported and passed over instead of stopping the pass.
 */
@ApplicationScoped
public class ReEncryption {
    private static final Logger LOG = Logger.getLogger(ReEncryption.class);
    private static final int BATCH = 500;

    private final DataSource dataSource;
    private final FieldCipher cipher;
    private final Instance<EncryptedTable.Catalogue> catalogues;
    private final Instance<BlindIndex> blindIndex;
    private final MeterRegistry registry;
    private final AtomicLong unreadable = new AtomicLong();

    public ReEncryption(DataSource dataSource, FieldCipher cipher, Instance<EncryptedTable.Catalogue> catalogues,
                        Instance<BlindIndex> blindIndex, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.cipher = cipher;
        this.catalogues = catalogues;
        this.blindIndex = blindIndex;
        this.registry = registry;
        registry.gauge("sscard_encryption_unreadable_values", unreadable);
    }

    @Scheduled(every = "${sscard.crypto.re-encrypt-every:1h}", delayed = "${sscard.crypto.re-encrypt-delay:20s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "re-encryption")
    void scheduled() {
        try {
            pass();
        } catch (RuntimeException e) {
            LOG.warnf("re-encryption pass stopped (%s); the next one carries on", e.getClass().getSimpleName());
        }
    }

    /**
     * Before the service answers: rows without their blind index (written before the indexes existed) get it, so
     * that no lookup by ID number misses them.
     */
    void onStart(@Observes StartupEvent start) {
        long done = pass(true);
        if (done > 0) {
            LOG.infof("filled the blind indexes of %d rows written before them", done);
        }
    }

    /** One pass over every encrypted table; returns the rows rewritten. */
    public long pass() {
        return pass(false);
    }

    private long pass(boolean indexesOnly) {
        long rewritten = 0;
        long failed = 0;
        for (EncryptedTable.Catalogue catalogue : catalogues) {
            for (EncryptedTable table : catalogue.tables()) {
                if (indexesOnly && table.blindIndexes().isEmpty()) {
                    continue;
                }
                long[] counts = pass(table, indexesOnly);
                rewritten += counts[0];
                failed += counts[1];
            }
        }
        unreadable.set(failed);
        if (rewritten > 0 || failed > 0) {
            LOG.infof("re-encryption pass: %d rows rewritten under key %s, %d values unreadable", rewritten,
                    cipher.activeKeyId(), failed);
        }
        return rewritten;
    }

    private long[] pass(EncryptedTable t, boolean indexesOnly) {
        String after = "(0,0)";
        long rewritten = 0;
        long failed = 0;
        while (true) {
            Batch batch = batch(t, after, indexesOnly);
            rewritten += batch.rewritten();
            failed += batch.failed();
            if (batch.last() == null) {
                break;
            }
            after = batch.last();
        }
        if (rewritten > 0) {
            registry.counter("sscard_encryption_rewritten_total", "table", t.table()).increment(rewritten);
        }
        return new long[]{rewritten, failed};
    }

    private record Batch(String last, long rewritten, long failed) {
    }

    private Batch batch(EncryptedTable t, String after, boolean indexesOnly) {
        List<String> columns = new ArrayList<>(t.text());
        columns.addAll(t.bytes());
        List<String> stale = new ArrayList<>();
        String textPrefix = cipher.activeTextPrefix();
        // the active prefixes are bound as parameters (rewrite binds one per text and bytes column)
        for (String c : indexesOnly ? List.<String>of() : t.text()) {
            stale.add("(" + c + " is not null and left(" + c + ", " + textPrefix.length() + ") <> ?)");
        }
        for (String c : indexesOnly ? List.<String>of() : t.bytes()) {
            stale.add("(" + c + " is not null and substring(" + c + " from 1 for " + cipher.activeBytesPrefix().length
                    + ") <> ?)");
        }
        for (Map.Entry<String, String> index : t.blindIndexes().entrySet()) {
            stale.add("(" + index.getKey() + " is null and " + index.getValue() + " is not null)");
        }
        String select = "select ctid::text, " + String.join(", ", columns) + " from " + t.table()
                + " where ctid > ?::tid and (" + String.join(" or ", stale) + ") order by ctid limit " + BATCH
                + " for update skip locked";
        List<String> assignments = new ArrayList<>(columns.stream().map(c -> c + " = ?").toList());
        t.blindIndexes().keySet().forEach(i -> assignments.add(i + " = ?"));
        String update = "update " + t.table() + " set " + String.join(", ", assignments) + " where ctid = ?::tid";
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Batch b = rewrite(connection, t, select, update, after, !indexesOnly);
                connection.commit();
                return b;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("re-encryption of " + t.table() + " failed: " + e.getSQLState(), e);
        }
    }

    private Batch rewrite(Connection connection, EncryptedTable t, String select, String update, String after,
                          boolean bindPrefixes) throws SQLException {
        String last = null;
        long rewritten = 0;
        long failed = 0;
        try (PreparedStatement st = connection.prepareStatement(select);
             PreparedStatement up = connection.prepareStatement(update)) {
            int p = 1;
            st.setString(p++, after);
            for (int i = 0; bindPrefixes && i < t.text().size(); i++) {
                st.setString(p++, cipher.activeTextPrefix());
            }
            for (int i = 0; bindPrefixes && i < t.bytes().size(); i++) {
                st.setBytes(p++, cipher.activeBytesPrefix());
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    last = rs.getString(1);
                    try {
                        bind(up, rs, t);
                        up.setString(t.text().size() + t.bytes().size() + t.blindIndexes().size() + 1, last);
                        up.addBatch();
                        rewritten++;
                    } catch (UnreadableCiphertextException e) {
                        failed++;
                        LOG.warnf("%s row %s: %s", t.table(), last, e.getMessage());
                    }
                }
            }
            if (rewritten > 0) {
                up.executeBatch();
            }
        }
        return new Batch(last, rewritten, failed);
    }

    /** The update's values for the current row: every value under the active key, and its blind indexes. */
    private void bind(PreparedStatement up, ResultSet rs, EncryptedTable t) throws SQLException {
        int col = 2;
        int p = 1;
        Map<String, String> clearText = new java.util.HashMap<>();
        for (String c : t.text()) {
            String clear = cipher.decrypt(rs.getString(col++));
            clearText.put(c, clear);
            up.setString(p++, cipher.encrypt(clear));
        }
        for (String ignored : t.bytes()) {
            up.setBytes(p++, cipher.encrypt(cipher.decrypt(rs.getBytes(col++))));
        }
        for (Map.Entry<String, String> index : t.blindIndexes().entrySet()) {
            up.setString(p++, blindIndex.get().ofIdNumber(clearText.get(index.getValue())));
        }
    }
}
