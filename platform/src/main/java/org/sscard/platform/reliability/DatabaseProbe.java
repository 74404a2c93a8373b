package org.sscard.platform.reliability;

import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Asks the database whether it answers, for a failure whose chain names no cause (a commit that Narayana reports only
 * as "could not commit", say): a failure while the database does not answer is the database's.
 */
@ApplicationScoped
public class DatabaseProbe {
    private final DataSource dataSource;

    public DatabaseProbe(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Whether a connection answers within two seconds (after the pool's acquisition timeout, at worst). */
    public boolean answers() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** {@link Failures#unavailable} of {@code failure}, or DATABASE when it names nothing and the database does not answer. */
    public Optional<Failures.Unavailable> unavailable(Throwable failure) {
        Optional<Failures.Unavailable> named = Failures.unavailable(failure);
        if (named.isPresent() || answers()) {
            return named;
        }
        return Optional.of(Failures.Unavailable.DATABASE);
    }
}
