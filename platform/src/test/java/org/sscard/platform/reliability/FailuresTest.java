package org.sscard.platform.reliability;

import org.hibernate.exception.GenericJDBCException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.sscard.platform.inbox.PoisonMessageException;

import java.sql.SQLException;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What is a wait and what is not: the failures PostgreSQL, the Agroal pool, Hibernate, Narayana and the Kafka client
 * raise while a dependency is down, as they arrive (wrapped, suppressed, chained), against failures that no wait mends.
 */
class FailuresTest {
    static Optional<Failures.Unavailable> of(Throwable t) {
        return Failures.unavailable(t);
    }

    static final Optional<Failures.Unavailable> DATABASE = Optional.of(Failures.Unavailable.DATABASE);
    static final Optional<Failures.Unavailable> CONTENTION = Optional.of(Failures.Unavailable.CONTENTION);

    @Test
    void postgresqlRefusingDroppingOrRecoveringIsTheDatabase() {
        for (String state : new String[]{"08001", "08006", "08003", "57P01", "57P02", "57P03", "53300", "58030"}) {
            assertEquals(DATABASE, of(new SQLException("x", state)), state);
        }
    }

    @Test
    void serializationFailuresDeadlocksAndLockTimeoutsAreContention() {
        for (String state : new String[]{"40001", "40P01", "55P03", "57014"}) {
            assertEquals(CONTENTION, of(new SQLException("x", state)), state);
        }
    }

    @Test
    void aPoolWithoutAConnectionToGiveIsTheDatabase() {
        assertEquals(DATABASE, of(new SQLException("Sorry, acquisition timeout!")));
        assertEquals(DATABASE, of(new SQLException("Acquisition timeout while waiting for new connection")));
    }

    @Test
    void theCauseIsFoundThroughHibernateArcAndNarayanaWrappers() {
        // Hibernate: 08xxx arrives as JDBCConnectionException, 57P0x as GenericJDBCException
        assertEquals(DATABASE, of(new JDBCConnectionException("could not execute", new SQLException("io", "08006"))));
        assertEquals(DATABASE, of(new GenericJDBCException("could not execute", new SQLException("crash", "57P02"))));
        // Narayana: "could not commit" with the flush failure as its cause, wrapped again by ArC
        var commit = new jakarta.transaction.RollbackException("ARJUNA016053: Could not commit transaction.");
        commit.initCause(new jakarta.persistence.PersistenceException(new SQLException("gone", "08006")));
        assertEquals(DATABASE, of(new RuntimeException("Error invoking subclass method", commit)));
        // a failed physical commit is attached as a suppressed exception
        var suppressed = new jakarta.transaction.RollbackException("ARJUNA016053");
        suppressed.addSuppressed(new javax.transaction.xa.XAException("XA_RBROLLBACK") {
            {
                initCause(new SQLException("terminating connection", "57P01"));
            }
        });
        assertEquals(DATABASE, of(suppressed));
        // a chained SQL exception (a batch)
        SQLException batch = new SQLException("batch failed", "XX000");
        batch.setNextException(new SQLException("io", "08006"));
        assertEquals(DATABASE, of(batch));
    }

    @Test
    void anOutageOutranksContentionSeenOnTheWay() {
        assertEquals(DATABASE, of(new SQLException("deadlock", "40P01", new SQLException("io", "08006"))));
    }

    @Test
    void aRetriableKafkaErrorIsTheBrokerAndARefusalIsNot() {
        assertEquals(Optional.of(Failures.Unavailable.BROKER),
                of(new RuntimeException(new org.apache.kafka.common.errors.TimeoutException("metadata"))));
        assertEquals(Optional.of(Failures.Unavailable.BROKER),
                of(new org.apache.kafka.common.errors.NotEnoughReplicasException("isr")));
        assertEquals(Optional.empty(), of(new org.apache.kafka.common.errors.RecordTooLargeException("2 MB")));
    }

    @Test
    void whatNoWaitMendsIsNotAWait() {
        assertEquals(Optional.empty(), of(new SQLException("duplicate key", "23505")));
        assertEquals(Optional.empty(), of(new IllegalStateException("a bug")));
        assertEquals(Optional.empty(), of(new PoisonMessageException(PoisonMessageException.Cause.UNREADABLE, "x")));
        assertEquals(Optional.empty(), of(new SQLException("no state")));
    }

    @Test
    void aCyclicChainEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertEquals(Optional.empty(), of(a));
    }
}
