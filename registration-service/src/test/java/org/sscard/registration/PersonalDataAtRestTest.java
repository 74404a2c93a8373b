package org.sscard.registration;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import org.junit.jupiter.api.Test;
import org.sscard.infra.DevTokens;
import org.sscard.infra.SampleFiles;
import org.sscard.platform.crypto.FieldCipher;
import org.sscard.platform.crypto.ReEncryption;
import org.sscard.platform.security.BlindIndex;
import org.sscard.registration.service.RosterProcessor;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Personal data at rest: what the tables hold after a submission with materials and a roster, the blind index that
 * keeps one person to one open application, a key rotation (and rows from before encryption) rewritten by
 * ReEncryption, and roster files deleted after their retention.
 */
@QuarkusTest
class PersonalDataAtRestTest {
    static final String CLERK = DevTokens.token("intake-clerk", "crypto-clerk");
    /** The test profile's ring: dev-2 is active, dev-1 the retired key whose rows must be rewritten. */
    static final String RING = "dev-1=DEVELOPMENT-ONLY-field-key-1-not-a-secret,"
            + "dev-2=DEVELOPMENT-ONLY-field-key-2-not-a-secret";

    @Inject
    EntityManager em;
    @Inject
    FieldCipher cipher;
    @Inject
    BlindIndex index;
    @Inject
    ReEncryption reEncryption;
    @Inject
    RosterProcessor rosters;

    static String form(String idNumber, String name, String phone) {
        return "{\"category\":\"RESIDENT\",\"name\":\"" + name + "\",\"idNumber\":\"" + idNumber + "\",\"phone\":\""
                + phone + "\",\"email\":\"" + phone + "@example.org\",\"outletCode\":\"110105-001\"}";
    }

    String submitWithMaterials(String subject, String name, String phone) {
        String id = People.idOf(subject);
        return given().auth().oauth2(People.applicant(subject))
                .multiPart("application", "application.json", form(id, name, phone).getBytes(StandardCharsets.UTF_8),
                        "application/json")
                .multiPart("ID_FRONT", "front.png", SampleFiles.png(), "image/png")
                .multiPart("ID_BACK", "back.png", SampleFiles.png(), "image/png")
                .multiPart("PHOTO", "photo.jpg", SampleFiles.photo(), "image/jpeg")
                .post("/api/v1/applications").then().statusCode(201).extract().path("id");
    }

    Object[] row(String sql, Object... params) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var q = em.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                q.setParameter(i + 1, params[i]);
            }
            Object r = q.getSingleResult();
            return r instanceof Object[] a ? a : new Object[]{r};
        });
    }

    void execute(String sql, Object... params) {
        QuarkusTransaction.requiringNew().run(() -> {
            var q = em.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                q.setParameter(i + 1, params[i]);
            }
            q.executeUpdate();
        });
    }

    @Test
    void theTablesHoldCiphertextsAndBlindIndexesButNoClearPersonalData() throws Exception {
        String app = submitWithMaterials("rest-alice", "欧阳娜娜", "13912345671");
        String id = People.idOf("rest-alice");
        Object[] stored = row("select name, id_number, id_number_index, phone, email from application where id = ?1",
                UUID.fromString(app));
        for (Object value : new Object[]{stored[0], stored[1], stored[3], stored[4]}) {
            assertTrue(((String) value).startsWith(cipher.activeTextPrefix()), String.valueOf(value));
        }
        assertEquals(id, cipher.decrypt((String) stored[1]));
        assertEquals(index.ofIdNumber(id), stored[2]);
        String all = (String) row("select string_agg(a::text, '|') from application a where id = ?1",
                UUID.fromString(app))[0];
        for (String clear : List.of(id, "欧阳娜娜", "13912345671")) {
            assertFalse(all.contains(clear), clear + " in " + all);
        }
        // the materials' bytes too; the API opens them as they were uploaded
        byte[] photo = (byte[]) row("select c.content from material_content c join material m on m.id = c.material_id "
                + "where m.application_id = ?1 and m.kind = 'PHOTO'", UUID.fromString(app))[0];
        assertArrayEquals(cipher.activeBytesPrefix(), java.util.Arrays.copyOf(photo, cipher.activeBytesPrefix().length));
        byte[] opened = given().auth().oauth2(People.applicant("rest-alice"))
                .get("/api/v1/applications/" + app + "/materials/PHOTO").then().statusCode(200).extract().asByteArray();
        assertArrayEquals(SampleFiles.photo(), opened);
        // what the reader is shown stays what it was
        given().auth().oauth2(CLERK).get("/api/v1/applications/" + app).then().statusCode(200)
                .body("name", equalTo("欧阳娜娜"));
        given().auth().oauth2(CLERK).queryParam("idNumber", id.toLowerCase()).get("/api/v1/applications")
                .then().statusCode(200).body("$", hasSize(1)).body("[0].id", equalTo(app));

        // an employer's contact, and a roster's rejected row as it was uploaded
        String employer = RosterTest.registeredEmployer();
        String contact = (String) row("select contact_name || contact_phone from employer where credit_code = ?1",
                employer)[0];
        assertFalse(contact.contains("李经理") || contact.contains("13800138000"), contact);
        String rosterId = RosterTest.upload(employer, "text/csv", ("姓名,身份证号,手机号,领卡网点\n"
                + "赵六," + TestIds.next() + ",13912345672,110105-001\n"
                + "孙七,123,13912345673,110105-001\n").getBytes(StandardCharsets.UTF_8), 202);
        RosterTest.completed(employer, rosterId).body("accepted", equalTo(1)).body("rejected", equalTo(1));
        String rosterTables = (String) row("select coalesce(string_agg(r::text, '|'), '') from roster_row_result r "
                + "where roster_id = ?1", UUID.fromString(rosterId))[0]
                + row("select string_agg(a::text, '|') from application a where roster_id = ?1",
                UUID.fromString(rosterId))[0];
        for (String clear : List.of("赵六", "孙七", "13912345672", "13912345673")) {
            assertFalse(rosterTables.contains(clear), clear + " in " + rosterTables);
        }
        byte[] file = (byte[]) row("select content from roster_file where roster_id = ?1 and kind = 'ROSTER'",
                UUID.fromString(rosterId))[0];
        assertFalse(new String(file, StandardCharsets.UTF_8).contains("赵六"));
        // the employer still gets its rejected row back to fix
        given().auth().oauth2(DevTokens.token("employer", employer)).get("/api/v1/rosters/" + rosterId + "/rejected-rows")
                .then().statusCode(200).body(containsString("孙七,123,13912345673,110105-001"));
    }

    @Test
    void onePersonHasOneOpenApplicationThroughTheBlindIndexEvenWhenTwoArriveAtOnce() throws Exception {
        String id = TestIds.next();
        String body = form(id, "周八", "13912345674");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> given().auth().oauth2(CLERK).contentType(ContentType.JSON).body(body)
                        .post("/api/v1/applications").then().extract().statusCode()));
            }
            List<Integer> codes = new java.util.ArrayList<>();
            for (Future<Integer> f : answers) {
                codes.add(f.get());
            }
            assertEquals(1, codes.stream().filter(c -> c == 201).count(), codes.toString());
            assertEquals(3, codes.stream().filter(c -> c == 409).count(), codes.toString());
        } finally {
            pool.shutdown();
        }
        // the unique index itself: another open row with the same blind index is refused by PostgreSQL
        String indexOfId = index.ofIdNumber(id);
        assertEquals(1L, ((Number) row("select count(*) from application where id_number_index = ?1", indexOfId)[0])
                .longValue());
        assertThrows(PersistenceException.class, () -> execute("insert into application (id, status, category, "
                + "channel, name, id_number, id_number_index, phone, outlet_code, region_code, language, submitted_by, "
                + "created_at, updated_at) select ?1, 'SUBMITTED', category, channel, name, id_number, id_number_index, "
                + "phone, outlet_code, region_code, language, submitted_by, created_at, updated_at from application "
                + "where id_number_index = ?2", UUID.randomUUID(), indexOfId));
    }

    @Test
    void aRotationRewritesRowsOfTheRetiredKeyAndRowsFromBeforeEncryption() {
        String rotated = submitWithMaterials("rest-bob", "诸葛亮", "13912345675");
        String legacy = submitWithMaterials("rest-carol", "司马懿", "13912345676");
        // as if written under dev-1 before the rotation ...
        FieldCipher retired = new FieldCipher(RING, "dev-1");
        execute("update application set name = ?1, id_number = ?2, phone = ?3 where id = ?4",
                retired.encrypt("诸葛亮"), retired.encrypt(People.idOf("rest-bob")), retired.encrypt("13912345675"),
                UUID.fromString(rotated));
        execute("update material_content set content = ?1 where material_id in (select id from material "
                + "where application_id = ?2)", retired.encrypt(SampleFiles.photo()), UUID.fromString(rotated));
        // ... and as if written before encryption existed: clear, without a blind index
        execute("update application set name = '司马懿', id_number = ?1, phone = '13912345676', email = null, "
                + "id_number_index = null where id = ?2", People.idOf("rest-carol"), UUID.fromString(legacy));

        assertTrue(reEncryption.pass() >= 2);

        for (String app : List.of(rotated, legacy)) {
            Object[] r = row("select name, id_number, phone, id_number_index from application where id = ?1",
                    UUID.fromString(app));
            for (int i = 0; i < 3; i++) {
                assertTrue(((String) r[i]).startsWith("ENC1.dev-2."), app + ": " + r[i]);
            }
            assertTrue(r[3] != null);
        }
        assertEquals(0L, ((Number) row("select count(*) from material_content where substring(content from 1 for 10) "
                + "= ?1", java.util.Arrays.copyOf(retired.activeBytesPrefix(), 10))[0]).longValue());
        // the values are what they were, and the legacy person is found and kept to one application again
        given().auth().oauth2(People.applicant("rest-bob")).get("/api/v1/applications/" + rotated).then()
                .statusCode(200).body("name", equalTo("诸葛亮"));
        given().auth().oauth2(People.applicant("rest-bob")).get("/api/v1/applications/" + rotated + "/materials/PHOTO")
                .then().statusCode(200);
        given().auth().oauth2(People.applicant("rest-carol")).get("/api/v1/applications").then().statusCode(200)
                .body("[0].id", equalTo(legacy)).body("[0].name", equalTo("司马懿"));
        given().auth().oauth2(CLERK).contentType(ContentType.JSON)
                .body(form(People.idOf("rest-carol"), "司马懿", "13912345676")).post("/api/v1/applications")
                .then().statusCode(409);
        // a second pass finds nothing left to do
        assertEquals(0, reEncryption.pass());
    }

    @Test
    void rosterFilesAreDeletedOnceTheirRetentionIsOverAndTheResultsStay() {
        String employer = RosterTest.registeredEmployer();
        String rosterId = RosterTest.upload(employer, "text/csv", ("姓名,身份证号,手机号,领卡网点\n"
                + "钱九,123,13912345677,110105-001\n").getBytes(StandardCharsets.UTF_8), 202);
        RosterTest.completed(employer, rosterId).body("rejected", equalTo(1));
        UUID id = UUID.fromString(rosterId);
        rosters.purgeFiles();
        assertEquals(1L, ((Number) row("select count(*) from roster_file where roster_id = ?1", id)[0]).longValue(),
                "kept during its retention");
        execute("update roster set finished_at = finished_at - interval '8 days' where id = ?1", id);
        assertTrue(rosters.purgeFiles() >= 1);
        assertEquals(0L, ((Number) row("select count(*) from roster_file where roster_id = ?1", id)[0]).longValue());
        given().auth().oauth2(DevTokens.token("employer", employer)).get("/api/v1/rosters/" + rosterId + "/rejected-rows")
                .then().statusCode(200).body(containsString("钱九"));
        given().auth().oauth2(DevTokens.token("employer", employer)).get("/api/v1/rosters/" + rosterId)
                .then().statusCode(200).body("status", equalTo("COMPLETED"));
    }
}
