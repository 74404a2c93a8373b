package org.sscard.registration;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.sscard.infra.DevTokens;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A worker that died mid-roster: its lease has run out and one chunk was committed. Another run picks the roster up,
 * skips that chunk (nothing twice) and registers the rest (nothing lost).
 */
@QuarkusTest
class RosterResumeTest {
    @Inject
    EntityManager em;

    @Test
    void anInterruptedRosterResumesAfterItsCommittedChunks() {
        String employer = RosterTest.registeredEmployer();
        List<String> ids = List.of(TestIds.next(), TestIds.next(), TestIds.next(), TestIds.next(), TestIds.next());
        StringBuilder csv = new StringBuilder("name,idNumber,phone,outletCode\n");
        ids.forEach(id -> csv.append("郑一,").append(id).append(",13800138000,110105-001\n"));
        UUID roster = UUID.randomUUID();
        // as the first worker left it: PROCESSING, lease expired, chunk 0 (rows 2 and 3) committed
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("insert into roster (id, employer_id, format, sha256, status, total_rows, rows_done, "
                            + "chunk_size, header, uploaded_by, uploaded_at, lease_until) values (?1, ?2, 'CSV', ?3, "
                            + "'PROCESSING', 5, 0, 2, 'name,idNumber,phone,outletCode', ?2, ?4, ?4)")
                    .setParameter(1, roster).setParameter(2, employer).setParameter(3, "resume-" + roster)
                    .setParameter(4, Instant.now().minusSeconds(120)).executeUpdate();
            em.createNativeQuery("insert into roster_file (roster_id, kind, content) values (?1, 'ROSTER', ?2)")
                    .setParameter(1, roster).setParameter(2, csv.toString().getBytes(StandardCharsets.UTF_8)).executeUpdate();
            em.createNativeQuery("insert into roster_chunk values (?1, 0, 2, 2, 0, 0, 0, 0)")
                    .setParameter(1, roster).executeUpdate();
        });

        RosterTest.completed(employer, roster.toString()).body("status", equalTo("COMPLETED"))
                .body("rowsDone", equalTo(5)).body("accepted", equalTo(5));
        String clerk = DevTokens.token("intake-clerk", "resume-clerk");
        for (int i = 0; i < ids.size(); i++) {
            int expected = i < 2 ? 0 : 1; // the first chunk was registered by the run that died (not in this database)
            int found = given().auth().oauth2(clerk).queryParam("idNumber", ids.get(i)).get("/api/v1/applications")
                    .then().statusCode(200).extract().path("size()");
            assertEquals(expected, found, "row " + (i + 2));
        }
    }
}
