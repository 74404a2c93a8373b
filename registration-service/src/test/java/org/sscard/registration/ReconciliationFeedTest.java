package org.sscard.registration;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.sscard.infra.DevTokens;
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
    void pagingThroughTheApplicationsUnderWayAndThoseSettledListsEachOnceWhateverItsId() {
        Set<String> submitted = new HashSet<>();
        for (int i = 0; i < 16; i++) { // ids of every first hex digit, in all likelihood (PostgreSQL orders them unsigned)
            submitted.add(ApplicationResourceTest.submit("intake-clerk", "feed-clerk", TestIds.next()));
        }
        // two of them settle (withdrawn): they are listed among the settled ones that changed, the others as under way
        List<String> withdrawn = submitted.stream().limit(2).toList();
        withdrawn.forEach(app -> io.restassured.RestAssured.given().auth().oauth2(DevTokens.token("intake-clerk", "feed-clerk"))
                .post("/api/v1/applications/" + app + "/withdrawal").then().statusCode(200));
        List<UUID> listed = new ArrayList<>();
        for (List<ApplicationState> page = states.underWay(null, 3); !page.isEmpty();
             page = states.underWay(page.get(page.size() - 1).applicationId(), 3)) {
            page.forEach(s -> listed.add(s.applicationId()));
        }
        Instant since = Instant.now().minus(Duration.ofDays(1));
        List<ApplicationState> settled = new ArrayList<>();
        for (List<ApplicationState> page = states.settledSince(since, null, null, 1); !page.isEmpty();
             page = states.settledSince(since, page.get(0).at(), page.get(0).applicationId(), 1)) {
            settled.addAll(page);
            page.forEach(s -> listed.add(s.applicationId()));
        }
        assertTrue(settled.stream().map(s -> s.applicationId().toString()).toList().containsAll(withdrawn),
                "the withdrawn ones among the settled: " + settled);
        assertTrue(settled.stream().allMatch(s -> s.status().equals("WITHDRAWN") || s.status().equals("REJECTED")
                || s.status().equals("COLLECTED") || s.status().equals("CARD_CANCELLED")), "settled only");
        assertEquals(listed.size(), new HashSet<>(listed).size(), "each once");
        Set<String> found = new HashSet<>();
        listed.forEach(id -> found.add(id.toString()));
        assertTrue(found.containsAll(submitted), "every application submitted is listed");
        assertEquals(Set.copyOf(submitted), Set.copyOf(states.states(submitted.stream().map(UUID::fromString).toList())
                .stream().map(s -> s.applicationId().toString()).toList()), "and its state read by id");
    }
}
