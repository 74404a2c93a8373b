package org.sscard.platform.reliability;

import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.QueryTimeoutException;
import org.apache.kafka.common.errors.RetriableException;
import org.hibernate.PessimisticLockException;
import org.hibernate.exception.JDBCConnectionException;
import org.hibernate.exception.LockAcquisitionException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * Tells a failure of infrastructure (a dependency that is down or busy: wait, then try again) from anything else,
 * by walking the whole chain of a throwable: causes, suppressed exceptions (Narayana attaches a failed commit there)
 * and chained SQL exceptions.
 */
public final class Failures {
    /** What a request or an event waits for. */
    public enum Unavailable {
        /** PostgreSQL refuses or drops connections, is in crash recovery, or the pool has none to give. */
        DATABASE,
        /** The Kafka broker does not answer (a retriable client error). */
        BROKER,
        /** Another transaction holds what this one needs: a serialization failure, a deadlock, a lock timeout. */
        CONTENTION
    }

    private static final int MAX_DEPTH = 64;

    /** The dependency {@code failure} says is unavailable, or empty when it is some other failure. */
    public static Optional<Unavailable> unavailable(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> pending = new ArrayDeque<>();
        pending.add(failure);
        Unavailable found = null;
        while (!pending.isEmpty() && seen.size() < MAX_DEPTH) {
            Throwable t = pending.poll();
            if (!seen.add(t)) {
                continue;
            }
            Unavailable u = classify(t);
            if (u == Unavailable.DATABASE || u == Unavailable.BROKER) {
                return Optional.of(u); // an outage outranks contention seen on the way
            }
            if (u != null) {
                found = u;
            }
            if (t.getCause() != null) {
                pending.add(t.getCause());
            }
            Collections.addAll(pending, t.getSuppressed());
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                pending.add(sql.getNextException());
            }
        }
        return Optional.ofNullable(found);
    }

    private static Unavailable classify(Throwable t) {
        if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                || t instanceof SQLRecoverableException) {
            return Unavailable.DATABASE;
        }
        if (t instanceof SQLException sql) {
            return sqlState(sql.getSQLState(), sql.getMessage());
        }
        if (t instanceof JDBCConnectionException) {
            return Unavailable.DATABASE;
        }
        if (t instanceof LockAcquisitionException || t instanceof PessimisticLockException
                || t instanceof jakarta.persistence.PessimisticLockException || t instanceof LockTimeoutException
                || t instanceof QueryTimeoutException || t instanceof org.hibernate.QueryTimeoutException) {
            return Unavailable.CONTENTION;
        }
        return t instanceof RetriableException ? Unavailable.BROKER : null;
    }

    /** PostgreSQL's SQLSTATE classes, and Agroal's pool timeouts (which have none). */
    static Unavailable sqlState(String state, String message) {
        if (state == null) {
            return message != null && (message.startsWith("Sorry, acquisition timeout")
                    || message.startsWith("Acquisition timeout")) ? Unavailable.DATABASE : null;
        }
        if (state.startsWith("08") // connection exception
                || state.startsWith("53") // insufficient resources: too many connections, disk full, out of memory
                || state.startsWith("58") // system error: an I/O error of the server
                || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) { // shut down, crashed, starting
            return Unavailable.DATABASE;
        }
        if (state.equals("40001") || state.equals("40P01") || state.equals("55P03") || state.equals("57014")) {
            return Unavailable.CONTENTION; // serialization failure, deadlock, lock not available, statement timeout
        }
        return null;
    }

    private Failures() {
    }
}
