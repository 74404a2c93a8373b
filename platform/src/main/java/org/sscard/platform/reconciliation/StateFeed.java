package org.sscard.platform.reconciliation;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * A service's side of the reconciliation: the state it holds of given applications. Registration, which owns the
 * applications, also lists which ones to compare. Served on the management port ({@link ReconciliationRoutes}).
 */
public interface StateFeed {
    /** The states of those of {@code ids} this service knows. */
    List<ApplicationState> states(Collection<UUID> ids);

    /**
     * The applications under way, in id order after {@code after} (null for the first page), at most {@code limit}.
     * Only the owner of applications lists them.
     */
    default List<ApplicationState> underWay(UUID after, int limit) {
        return List.of();
    }

    /**
     * The settled applications that changed since {@code since}, in the order of their change and id, after
     * ({@code afterAt}, {@code after}) (nulls for the first page), at most {@code limit}. Only the owner lists them.
     */
    default List<ApplicationState> settledSince(Instant since, Instant afterAt, UUID after, int limit) {
        return List.of();
    }
}
