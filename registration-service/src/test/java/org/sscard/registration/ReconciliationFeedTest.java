package org.sscard.registration;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.sscard.platform.reconciliation.ApplicationState;
import org.sscard.registration.repository.ApplicationStates;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Registration's side of the reconciliation: paged in id order, it lists every application once. */
@QuarkusTest
class ReconciliationFeedTest {
    @Inject
    ApplicationStates states;

    @Test
    void pagingThroughTheApplicationsToCompareListsEachOnceWhateverItsId() {
        Set<String> submitted = new HashSet<>();
        for (int i = 0; i < 16; i++) { // ids of every first hex digit, in all likelihood (PostgreSQL orders them unsigned)
            submitted.add(ApplicationResourceTest.submit("intake-clerk", "feed-clerk", TestIds.next()));
        }
        List<UUID> listed = new ArrayList<>();
        UUID after = null;
        for (List<ApplicationState> page; !(page = states.toCompare(Instant.now().minus(Duration.ofDays(1)), after, 3))
                .isEmpty(); after = page.get(page.size() - 1).applicationId()) {
            page.forEach(s -> listed.add(s.applicationId()));
        }
        assertEquals(listed.size(), new HashSet<>(listed).size(), "each once");
        Set<String> found = new HashSet<>();
        listed.forEach(id -> found.add(id.toString()));
        assertTrue(found.containsAll(submitted), "every application submitted is listed");
        assertEquals(Set.copyOf(submitted), Set.copyOf(states.states(submitted.stream().map(UUID::fromString).toList())
                .stream().map(s -> s.applicationId().toString()).toList()), "and its state read by id");
    }
}
