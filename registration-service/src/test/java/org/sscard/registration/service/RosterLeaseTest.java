package org.sscard.registration.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.sscard.events.EventEnvelope;
import org.sscard.events.Topics;
import org.sscard.infra.DevTokens;
import org.sscard.infra.KafkaTestClient;
import org.sscard.registration.TestIds;
import org.sscard.registration.domain.CreditCode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Two workers and one roster: worker A held the lease, it ran out, and worker B took the roster over. Whichever of
 * them comes first to a chunk, A can write nothing more and cannot finish the roster, and B registers exactly the
 * rows A did not: no row twice, none lost, one summary. The test plays both workers with lease tokens of its own
 * (each lease runs for an hour, so the scheduled worker leaves the roster alone).
 */
@QuarkusTest
class RosterLeaseTest {
    static final List<String> HEADER = List.of("name", "idNumber", "phone", "outletCode");

    @Inject
    RosterChunkWriter writer;
    @Inject
    RosterProcessor processor;
    @Inject
    RosterRowParser parser;
    @Inject
    EntityManager em;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    /** A roster of four rows in chunks of two, PROCESSING under {@code owner}'s lease. */
    UUID roster(UUID owner, List<String> ids) {
        String base = "91110105" + String.format("%09d", ThreadLocalRandom.current().nextInt(1_000_000_000));
        String employer = base + CreditCode.checkCharacter(base);
        given().auth().oauth2(DevTokens.token("intake-clerk", "lease-clerk")).contentType(ContentType.JSON)
                .body("{\"creditCode\":\"" + employer + "\",\"name\":\"某某公司\",\"contactName\":\"李经理\","
                        + "\"contactPhone\":\"13800138000\"}").post("/api/v1/employers").then().statusCode(201);
        UUID roster = UUID.randomUUID();
        StringBuilder csv = new StringBuilder(String.join(",", HEADER)).append('\n');
        ids.forEach(id -> csv.append("郑一,").append(id).append(",13800138000,110105-001\n"));
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("insert into roster (id, employer_id, format, sha256, status, total_rows, rows_done, "
                            + "chunk_size, header, uploaded_by, uploaded_at, lease_until, lease_owner) values (?1, ?2, "
                            + "'CSV', ?3, 'PROCESSING', 4, 0, 2, 'name,idNumber,phone,outletCode', ?2, ?4, ?5, ?6)")
                    .setParameter(1, roster).setParameter(2, employer).setParameter(3, "lease-" + roster)
                    .setParameter(4, Instant.now()).setParameter(5, Instant.now().plus(Duration.ofHours(1)))
                    .setParameter(6, owner).executeUpdate();
            em.createNativeQuery("insert into roster_file (roster_id, kind, content) values (?1, 'ROSTER', ?2)")
                    .setParameter(1, roster).setParameter(2, csv.toString().getBytes(StandardCharsets.UTF_8))
                    .executeUpdate();
        });
        return roster;
    }

    /** Another worker claims the roster once the lease has run out: the token changes hands. */
    void takeOver(UUID roster, UUID newOwner) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update roster set lease_owner = ?2, "
                        + "lease_until = ?3 where id = ?1").setParameter(1, roster).setParameter(2, newOwner)
                .setParameter(3, Instant.now().plus(Duration.ofHours(1))).executeUpdate());
    }

    /** Chunk {@code index} (rows 2i and 2i+1) as a worker hands it to the writer. */
    List<RosterChunkWriter.ChunkRow> chunk(List<String> ids, int index) {
        Map<String, Integer> columns = RosterColumns.map(HEADER);
        List<RosterChunkWriter.ChunkRow> rows = new ArrayList<>();
        for (int i = 2 * index; i < 2 * index + 2; i++) {
            List<String> values = List.of("郑一", ids.get(i), "13800138000", "110105-001");
            RosterRowParser.Parsed p = parser.parse(values, columns, LocalDate.now(), java.util.Set.of("110105-001"));
            rows.add(new RosterChunkWriter.ChunkRow(i + 2, values, p.request(), p.errors()));
        }
        return rows;
    }

    RosterProcessor.Lease lease(UUID roster, UUID owner) {
        return new RosterProcessor.Lease(roster, owner, new AtomicBoolean());
    }

    long applications(UUID roster) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from application where roster_id = ?1").setParameter(1, roster).getSingleResult())
                .longValue());
    }

    /** The roster's summaries in Kafka, once the outbox holds none any more. */
    List<EventEnvelope> summaries(UUID roster) {
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() -> ((Number) em
                .createNativeQuery("select count(*) from outbox_event where aggregate_id = ?1")
                .setParameter(1, roster.toString()).getSingleResult()).longValue() == 0));
        return new KafkaTestClient(bootstrap).events(Topics.ROSTERS, roster.toString());
    }

    void assertRegisteredOnce(UUID roster) {
        assertEquals(4, applications(roster), "every row once");
        String status = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "select status from roster where id = ?1").setParameter(1, roster).getSingleResult());
        assertEquals("COMPLETED", status);
        assertEquals(1, summaries(roster).size(), "one summary for the employer");
    }

    @Test
    void whenTheOldWorkerCommittedAChunkBeforeTheTakeoverTheNewOneSkipsItAndTheOldOneCanDoNothingMore() {
        List<String> ids = List.of(TestIds.next(), TestIds.next(), TestIds.next(), TestIds.next());
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID roster = roster(a, ids);
        writer.write(roster, a, 0, chunk(ids, 0), null);
        takeOver(roster, b);
        assertThrows(RosterLeaseLost.class, () -> writer.write(roster, a, 1, chunk(ids, 1), null));
        assertEquals(java.util.Set.of(0), processor.doneChunks(roster), "B finds A's chunk done");
        writer.write(roster, b, 1, chunk(ids, 1), null);
        assertThrows(RosterLeaseLost.class, () -> processor.finish(lease(roster, a), null));
        processor.finish(lease(roster, b), null);
        assertRegisteredOnce(roster);
    }

    @Test
    void whenTheTakeoverCameBeforeTheOldWorkersFirstChunkTheOldWorkerWritesNothing() {
        List<String> ids = List.of(TestIds.next(), TestIds.next(), TestIds.next(), TestIds.next());
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID roster = roster(a, ids);
        takeOver(roster, b);
        assertThrows(RosterLeaseLost.class, () -> writer.write(roster, a, 0, chunk(ids, 0), null));
        assertEquals(0, applications(roster));
        writer.write(roster, b, 0, chunk(ids, 0), null);
        writer.write(roster, b, 1, chunk(ids, 1), null);
        assertThrows(RosterLeaseLost.class, () -> processor.finish(lease(roster, a), null));
        processor.finish(lease(roster, b), null);
        assertRegisteredOnce(roster);
    }

    @Test
    void theHeartbeatKeepsTheLeaseOfItsOwnerAndTellsAWorkerThatLostIt() {
        UUID a = UUID.randomUUID();
        UUID roster = roster(a, List.of(TestIds.next(), TestIds.next(), TestIds.next(), TestIds.next()));
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update roster set lease_until = ?2 where id = ?1")
                .setParameter(1, roster).setParameter(2, Instant.now().plusSeconds(5)).executeUpdate());
        RosterProcessor.Lease lease = lease(roster, a);
        processor.renew(lease);
        Instant renewed = QuarkusTransaction.requiringNew().call(() -> org.sscard.platform.persistence.SqlValues.instant(
                em.createNativeQuery("select lease_until from roster where id = ?1").setParameter(1, roster)
                        .getSingleResult()));
        assertEquals(true, renewed.isAfter(Instant.now().plusSeconds(30)), "renewed for a whole lease: " + renewed);
        assertEquals(false, lease.lost().get());
        takeOver(roster, UUID.randomUUID());
        processor.renew(lease);
        assertEquals(true, lease.lost().get(), "the heartbeat learns the lease was taken over");
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update roster set status = 'FAILED', "
                + "lease_owner = null where id = ?1").setParameter(1, roster).executeUpdate());
    }
}
