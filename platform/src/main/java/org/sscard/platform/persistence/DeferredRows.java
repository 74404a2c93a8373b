package org.sscard.platform.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Insert-only rows (audit trails, check results, timelines, the event log, outbox events) that a consumer's batch
 * writes with one {@code COPY} per table at its end, instead of one {@code INSERT} round trip each.
 * <p>
 * {@link org.sscard.platform.inbox.IdempotentConsumer} opens a deferral for the batch it handles on its thread
 * ({@link #open}), writes the rows before the batch's transaction commits ({@link #writePending}) and closes it
 * ({@link #close}); a batch that fails drops them with its rollback. Everywhere else (REST calls, a batch handled
 * again one event at a time) nothing is open, and writers persist their rows at once as before.
 * <p>
 * Only rows that nothing reads back in the same transaction may be deferred: a deferred row is not in the
 * database until the batch ends. Rows of one table keep their order (an identity or {@code bigserial} column
 * numbers them in that order); tables are written in the order they were first deferred to.
 */
@ApplicationScoped
public class DeferredRows {
    private static final ThreadLocal<Map<Table, List<Object[]>>> PENDING = new ThreadLocal<>();

    private final EntityManager em;

    public DeferredRows(EntityManager em) {
        this.em = em;
    }

    private record Table(String name, String columns, boolean ignoreConflicts) {
    }

    /** Whether rows are deferred on this thread: if not, the caller writes its row at once. */
    public boolean deferring() {
        return PENDING.get() != null;
    }

    /** Defers one row of {@code table (columns)}; values as {@link PgCopy} writes them (null is SQL NULL). */
    public void defer(String table, String columns, Object... values) {
        add(new Table(table, columns, false), values);
    }

    /**
     * Defers one row that may already be in {@code table} (a unique key): it is inserted with {@code on conflict do
     * nothing}, the batch's rows in one multi-row statement. Values are strings, UUIDs and numbers.
     */
    public void deferUnlessPresent(String table, String columns, Object... values) {
        add(new Table(table, columns, true), values);
    }

    private static void add(Table table, Object[] values) {
        Map<Table, List<Object[]>> pending = PENDING.get();
        if (pending == null) {
            throw new IllegalStateException("No deferral is open on this thread; write the row at once");
        }
        pending.computeIfAbsent(table, t -> new ArrayList<>()).add(values);
    }

    /**
     * The one call a writer of insert-only rows makes: in a consumer's batch the row of {@code table (columns)} is
     * deferred, anywhere else {@code persistNow} writes it (as an entity) at once.
     */
    public void insert(Runnable persistNow, String table, String columns, Object... values) {
        if (deferring()) {
            defer(table, columns, values);
        } else {
            persistNow.run();
        }
    }

    /** Starts deferring on this thread. */
    public void open() {
        PENDING.set(new LinkedHashMap<>());
    }

    /** Writes the rows deferred so far, in the caller's transaction, and goes on deferring. */
    public void writePending() {
        Map<Table, List<Object[]>> pending = PENDING.get();
        if (pending == null || pending.isEmpty()) {
            return;
        }
        em.flush(); // the entities they refer to go first
        for (Map.Entry<Table, List<Object[]>> e : pending.entrySet()) {
            if (e.getKey().ignoreConflicts()) {
                insertIgnoringConflicts(e.getKey(), e.getValue());
            } else {
                PgCopy.copy(em, e.getKey().name(), e.getKey().columns(), e.getValue());
            }
        }
        pending.clear();
    }

    /** One {@code insert ... values (...), (...) on conflict do nothing} per 1,000 rows. */
    private void insertIgnoringConflicts(Table table, List<Object[]> rows) {
        int width = rows.get(0).length;
        String row = "(" + String.join(", ", java.util.Collections.nCopies(width, "?")) + ")";
        for (int from = 0; from < rows.size(); from += 1000) {
            List<Object[]> part = rows.subList(from, Math.min(rows.size(), from + 1000));
            String sql = "insert into " + table.name() + " (" + table.columns() + ") values "
                    + String.join(", ", java.util.Collections.nCopies(part.size(), row)) + " on conflict do nothing";
            em.unwrap(org.hibernate.Session.class).doWork(connection -> {
                try (java.sql.PreparedStatement ps = connection.prepareStatement(sql)) {
                    int i = 1;
                    for (Object[] values : part) {
                        for (Object v : values) {
                            ps.setObject(i++, v);
                        }
                    }
                    ps.executeUpdate();
                }
            });
        }
    }

    /** Stops deferring on this thread; rows not written are dropped (their transaction is rolled back). */
    public void close() {
        PENDING.remove();
    }
}
