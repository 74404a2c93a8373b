package org.sscard.registration;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.sscard.events.EventEnvelope;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.events.Topics;
import org.sscard.infra.DevTokens;
import org.sscard.infra.KafkaTestClient;
import org.sscard.infra.SampleFiles;
import org.sscard.infra.XlsxTestWriter;
import org.sscard.platform.crypto.FieldCipher;
import org.sscard.platform.text.ControlCharacters;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Employer rosters: CSV, JSON and .xlsx; bad rows, repeats, people already registered, late hires, photos. */
@QuarkusTest
class RosterTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    FieldCipher cipher;
    @Inject
    EntityManager em;

    static final String CLERK = DevTokens.token("intake-clerk", "roster-clerk");

    static String registeredEmployer() {
        String code = EmployerTest.newCreditCode();
        given().auth().oauth2(CLERK).contentType(ContentType.JSON).body(EmployerTest.registration(code))
                .post("/api/v1/employers").then().statusCode(201);
        return code;
    }

    static String upload(String employer, String contentType, byte[] body, int status) {
        return given().auth().oauth2(DevTokens.token("employer", employer)).contentType(contentType).body(body)
                .post("/api/v1/rosters").then().statusCode(status).extract().path("id");
    }

    static ValidatableResponse completed(String employer, String roster) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                List.of("COMPLETED", "FAILED").contains(given().auth().oauth2(DevTokens.token("employer", employer))
                        .get("/api/v1/rosters/" + roster).then().extract().<String>path("status")));
        return given().auth().oauth2(DevTokens.token("employer", employer)).get("/api/v1/rosters/" + roster).then()
                .statusCode(200);
    }

    @Test
    void aCsvRosterRegistersGoodRowsAndReportsEveryOtherRowByRowAndField() {
        String employer = registeredEmployer();
        String employerToken = DevTokens.token("employer", employer);
        String existing = TestIds.next();
        given().auth().oauth2(employerToken).contentType(ContentType.JSON).body(ApplicationResourceTest.body(existing)
                .replace("RESIDENT", "EMPLOYEE")).post("/api/v1/applications").then().statusCode(201);
        String first = TestIds.next();
        String badCheck = TestIds.next();
        badCheck = badCheck.substring(0, 17) + (badCheck.charAt(17) == '1' ? '2' : '1');
        LocalDate today = LocalDate.now();
        String csv = String.join("\r\n",
                "姓名,身份证号,手机号,领卡网点,入职日期",
                "张三," + first + ",13800138000,110105-001," + today.minusDays(5),
                "李四," + badCheck + ",13800138000,110105-001,",
                "王五," + TestIds.next() + ",12345,110105-001,",
                "," + TestIds.next() + ",13800138000,110105-001,",
                "赵六," + TestIds.next() + ",13800138000,110105-001," + today.minusDays(60),
                "\"Mary O'Brien\"," + TestIds.next().toLowerCase() + ",13800138000,110105-001,",
                "孙七," + existing + ",13800138000,110105-001,",
                "周八," + first + ",13800138000,110105-001,",
                "钱九," + TestIds.next() + ",13800138000,110105-001," + today.plusDays(3)) + "\r\n";
        String roster = upload(employer, "text/csv", csv.getBytes(java.nio.charset.StandardCharsets.UTF_8), 202);

        completed(employer, roster).body("status", equalTo("COMPLETED")).body("format", equalTo("CSV"))
                .body("totalRows", equalTo(9)).body("rowsDone", equalTo(9))
                .body("accepted", equalTo(3)).body("rejected", equalTo(4)).body("alreadyRegistered", equalTo(2))
                .body("late", equalTo(1));

        given().auth().oauth2(employerToken).get("/api/v1/rosters/" + roster + "/results").then().statusCode(200)
                .body("rowNumber", contains(3, 4, 5, 6, 8, 9, 10))
                .body("find { it.rowNumber == 3 }.errors[0].field", equalTo("idNumber"))
                .body("find { it.rowNumber == 3 }.errors[0].message", containsString("check character"))
                .body("find { it.rowNumber == 4 }.errors[0].field", equalTo("phone"))
                .body("find { it.rowNumber == 5 }.errors.field", hasItem("name"))
                .body("find { it.rowNumber == 6 }.outcome", equalTo("LATE"))
                .body("find { it.rowNumber == 8 }.outcome", equalTo("ALREADY_REGISTERED"))
                .body("find { it.rowNumber == 8 }.errors[0].message", containsString("from your unit"))
                .body("find { it.rowNumber == 9 }.errors[0].message", containsString("appears twice"))
                .body("find { it.rowNumber == 10 }.errors[0].field", equalTo("hiredOn"));

        String rejected = given().auth().oauth2(employerToken).get("/api/v1/rosters/" + roster + "/rejected-rows")
                .then().statusCode(200).contentType(containsString("text/csv")).extract().asString();
        List<String> lines = rejected.lines().toList();
        assertEquals("\uFEFF姓名,身份证号,手机号,领卡网点,入职日期,errors", lines.get(0));
        assertEquals(5, lines.size(), rejected);
        assertTrue(lines.get(1).startsWith("李四," + badCheck) && lines.get(1).contains("idNumber: "), lines.get(1));

        // the employer sees the accepted employees as its own applications, flagged late where they are
        given().auth().oauth2(employerToken).get("/api/v1/applications").then().statusCode(200)
                .body("name", hasItem("张三")).body("name", hasItem("Mary O'Brien"))
                .body("find { it.name == '赵六' }.lateRegistration", equalTo(true))
                .body("find { it.name == '张三' }.channel", equalTo("EMPLOYER"));

        // staff find an employer's applications by its credit code
        given().auth().oauth2(CLERK).queryParam("employerId", employer).get("/api/v1/applications").then().statusCode(200)
                .body("name", hasItem("张三")).body("size()", equalTo(4));

        // another employer learns nothing about this roster
        String other = DevTokens.token("employer", registeredEmployer());
        given().auth().oauth2(other).get("/api/v1/rosters/" + roster).then().statusCode(404);
        given().auth().oauth2(other).get("/api/v1/rosters/" + roster + "/rejected-rows").then().statusCode(404);
        given().auth().oauth2(other).get("/api/v1/rosters").then().statusCode(200).body("id", not(hasItem(roster)));

        // the same file again is the same job and registers nobody twice
        String again = upload(employer, "text/csv", csv.getBytes(java.nio.charset.StandardCharsets.UTF_8), 200);
        assertEquals(roster, again);
        given().auth().oauth2(employerToken).get("/api/v1/rosters").then().body("id", hasSize(1));
    }

    @Test
    void aSchoolRegistersStudentsUnderSixteenWithTheirGuardiansWhoThenHoldTheApplications() {
        String school = registeredEmployer();
        String pupil = TestIds.born(LocalDate.now().minusYears(10));
        String alone = TestIds.born(LocalDate.now().minusYears(11));
        String guardian = TestIds.next();
        String csv = String.join("\r\n",
                "姓名,身份证号,手机号,领卡网点,人员类别,监护人姓名,监护人身份证号",
                "王小宝," + pupil + ",13800138000,110105-001,STUDENT,王大明," + guardian.toLowerCase(),
                "李小红," + alone + ",13800138000,110105-001,STUDENT,,") + "\r\n";
        String roster = upload(school, "text/csv", csv.getBytes(java.nio.charset.StandardCharsets.UTF_8), 202);
        completed(school, roster).body("status", equalTo("COMPLETED")).body("accepted", equalTo(1))
                .body("rejected", equalTo(1));
        given().auth().oauth2(DevTokens.token("employer", school)).get("/api/v1/rosters/" + roster + "/results").then()
                .body("rowNumber", contains(3))
                .body("[0].errors.field", hasItem("guardianName"))
                .body("[0].errors.field", hasItem("guardianIdNumber"));
        // the guardian named in the row holds the pupil's application, as a parent applying would
        given().auth().oauth2(People.applicant("guardian-" + guardian, guardian)).get("/api/v1/applications").then()
                .statusCode(200).body("name", hasItem("王小宝")).body("find { it.name == '王小宝' }.channel", equalTo("SCHOOL"));
        given().auth().oauth2(People.applicant("stranger-" + guardian)).get("/api/v1/applications").then()
                .statusCode(200).body("name", not(hasItem("王小宝")));
    }

    @Test
    void theRejectedRowsFileRunsNoFormulaAndControlCharactersAreRefusedPerCell() {
        String employer = registeredEmployer();
        String csv = String.join("\r\n",
                "姓名,身份证号,手机号,领卡网点,=备注",
                "\"=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",110105194912310021,+8613800138000,@SUM(1),-2+3",
                "张\u0000三," + TestIds.next() + ",13800138000,110105-001,",
                "李\u001B[31m四," + TestIds.next() + ",13800138000,110105-001,") + "\r\n";
        String roster = upload(employer, "text/csv", csv.getBytes(java.nio.charset.StandardCharsets.UTF_8), 202);
        completed(employer, roster).body("status", equalTo("COMPLETED")).body("rejected", equalTo(3))
                .body("accepted", equalTo(0));
        String employerToken = DevTokens.token("employer", employer);
        given().auth().oauth2(employerToken).get("/api/v1/rosters/" + roster + "/results").then().statusCode(200)
                .body("find { it.rowNumber == 3 }.errors.message", hasItem("contains a control character"))
                .body("find { it.rowNumber == 4 }.errors.field", hasItem("name"));
        List<String> lines = given().auth().oauth2(employerToken).get("/api/v1/rosters/" + roster + "/rejected-rows")
                .then().statusCode(200).extract().asString().lines().toList();
        assertEquals("\uFEFF姓名,身份证号,手机号,领卡网点,'=备注,errors", lines.get(0));
        assertTrue(lines.get(1).startsWith("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",110105194912310021,"
                + "'+8613800138000,'@SUM(1),'-2+3,"), lines.get(1));
        assertTrue(lines.stream().allMatch(l -> ControlCharacters.first(l) < 0), "no control character written back");
        for (String line : lines) {
            for (String cell : line.split(",")) {
                String bare = cell.startsWith("\"") ? cell.substring(1) : cell;
                assertTrue(bare.isEmpty() || "=+-@".indexOf(bare.charAt(0)) < 0, "a cell that could run: " + line);
            }
        }
    }

    @Test
    void aJsonRosterWithAnIdempotencyKeyIsRegisteredOnce() {
        String employer = registeredEmployer();
        String token = DevTokens.token("employer", employer);
        String third = TestIds.next();
        String wrongSex = third.charAt(16) % 2 == 1 ? "FEMALE" : "MALE";
        String json = """
                [{"name":"陈一","idNumber":"%s","phone":"13800138000","outletCode":"110105-001","hiredOn":"%s"},
                 {"name":"陈二","idNumber":"%s","phone":"13800138001","outletCode":"110105-001","category":"FOREIGNER"},
                 {"name":"陈三","idNumber":"%s","phone":"13800138002","outletCode":"110105-001","sex":"%s"}]
                """.formatted(TestIds.next(), LocalDate.now().minusDays(2), TestIds.next(), third, wrongSex);
        String roster = given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", "hr-batch-7")
                .body(json).post("/api/v1/rosters").then().statusCode(202)
                .header("Location", containsString("/api/v1/rosters/")).extract().path("id");
        completed(employer, roster).body("format", equalTo("JSON")).body("totalRows", equalTo(3))
                .body("accepted", equalTo(1)).body("rejected", equalTo(2));
        given().auth().oauth2(token).get("/api/v1/rosters/" + roster + "/results").then()
                .body("find { it.rowNumber == 2 }.errors.field", hasItem("idNumber"))
                .body("find { it.rowNumber == 3 }.errors.field", hasItem("sex"));

        given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", "hr-batch-7")
                .body(json).post("/api/v1/rosters").then().statusCode(200).body("id", equalTo(roster));
        given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", "hr-batch-7")
                .body("[]").post("/api/v1/rosters").then().statusCode(422).body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
    }

    @Test
    void anXlsxRosterAsExcelWritesItIsRead(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String employer = registeredEmployer();
        Path file = dir.resolve("花名册.xlsx");
        String good = TestIds.next();
        XlsxTestWriter.write(file, List.of(
                List.of("姓名", "身份证号", "手机号", "领卡网点", "入职日期", "性别"),
                List.<Object>of("刘一", good, new BigDecimal("13800138000"), "110105-001", LocalDate.now().minusDays(40),
                        good.charAt(16) % 2 == 1 ? "男" : "女"),
                List.<Object>of("刘二", new BigDecimal("1.1010519491231E+17"), new BigDecimal("13800138000"), "110105-001",
                        LocalDate.now().minusDays(1), "女")));
        String roster = upload(employer, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                Files.readAllBytes(file), 202);
        completed(employer, roster).body("format", equalTo("XLSX")).body("accepted", equalTo(1))
                .body("rejected", equalTo(1)).body("late", equalTo(1));
        given().auth().oauth2(DevTokens.token("employer", employer)).get("/api/v1/rosters/" + roster + "/results").then()
                .body("find { it.rowNumber == 3 }.errors[0].message", containsString("format the column as Text"))
                .body("find { it.rowNumber == 2 }.outcome", equalTo("LATE"));
    }

    /**
     * A hostile workbook: 160 KB uploaded, shared strings that inflate to 80 million characters. The roster fails,
     * saying why, instead of the service spending more than the budget of heap on it, and the next roster goes on.
     */
    @Test
    void aWorkbookWhoseTextWouldExhaustTheHeapFailsWithItsReasonAndTheServiceGoesOn() throws Exception {
        String employer = registeredEmployer();
        String roster = upload(employer, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                XlsxTestWriter.sharedStringsBomb(400_000, 200), 202);
        completed(employer, roster).body("status", equalTo("FAILED"))
                .body("failure", containsString("shared strings"));
        String next = upload(employer, "text/csv", ("姓名,身份证号,手机号,领卡网点\n郑一," + TestIds.next()
                + ",13800138000,110105-001\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), 202);
        completed(employer, next).body("status", equalTo("COMPLETED")).body("accepted", equalTo(1));
    }

    @Test
    void photosComeInAZipNamedByIdNumberAndABadOneIsReportedForItsRow() {
        String employer = registeredEmployer();
        String withPhoto = TestIds.next();
        String withBadPhoto = TestIds.next();
        String csv = "name,idNumber,phone,outletCode\n吴一," + withPhoto + ",13800138000,110105-001\n吴二," + withBadPhoto
                + ",13800138000,110105-001\n";
        byte[] zip = SampleFiles.zip(Map.of(withPhoto + ".jpg", SampleFiles.photo(),
                withBadPhoto + ".jpg", SampleFiles.jpeg(300, 300, true)));
        String roster = given().auth().oauth2(DevTokens.token("employer", employer))
                .multiPart("roster", "roster.csv", csv.getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/csv")
                .multiPart("photos", "photos.zip", zip, "application/zip")
                .post("/api/v1/rosters").then().statusCode(202).body("fileName", equalTo("roster.csv")).extract().path("id");
        completed(employer, roster).body("accepted", equalTo(2)).body("photosAttached", equalTo(1));
        given().auth().oauth2(DevTokens.token("employer", employer)).get("/api/v1/rosters/" + roster + "/results").then()
                .body("outcome", contains("PHOTO_REFUSED"))
                .body("[0].errors[0].message", containsString("358 × 441"));
    }

    @Test
    void aFileThatCannotBeReadToTheEndFailsAndKeepsTheRowsBeforeIt() throws Exception {
        String employer = registeredEmployer();
        // an HR export saved as GBK, not UTF-8: the first rows are ASCII, then a Chinese name
        String csv = "name,idNumber,phone,outletCode\nLi Lei," + TestIds.next() + ",13800138000,110105-001\n"
                + "Han Meimei," + TestIds.next() + ",13800138000,110105-001\n"
                + "韩梅梅," + TestIds.next() + ",13800138000,110105-001\n";
        String roster = upload(employer, "text/csv", csv.getBytes("GBK"), 202);
        completed(employer, roster).body("status", equalTo("FAILED"))
                .body("failure", containsString("could not be read to the end"));
    }

    @Test
    void aLateRowWithARefusedPhotoIsReportedForBoth() {
        String employer = registeredEmployer();
        String id = TestIds.next();
        String csv = "name,idNumber,phone,outletCode,hiredOn\n吴三," + id + ",13800138000,110105-001,"
                + LocalDate.now().minusDays(90) + "\n";
        String roster = given().auth().oauth2(DevTokens.token("employer", employer))
                .multiPart("roster", "roster.csv", csv.getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/csv")
                .multiPart("photos", "photos.zip", SampleFiles.zip(Map.of(id + ".jpg", SampleFiles.jpeg(200, 200, true))),
                        "application/zip")
                .post("/api/v1/rosters").then().statusCode(202).extract().path("id");
        completed(employer, roster).body("status", equalTo("COMPLETED")).body("accepted", equalTo(1)).body("late", equalTo(1));
        given().auth().oauth2(DevTokens.token("employer", employer)).get("/api/v1/rosters/" + roster + "/results").then()
                .body("outcome", org.hamcrest.Matchers.containsInAnyOrder("LATE", "PHOTO_REFUSED"));
    }

    @Test
    void everyAcceptedRowReachesKafkaAsItsOwnEventAndNothingStaysInTheOutbox() throws Exception {
        String employer = registeredEmployer();
        LocalDate today = LocalDate.now();
        String csv = String.join("\r\n", "name,idNumber,phone,outletCode,hiredOn",
                "张三," + TestIds.next() + ",13800138000,110105-001," + today.minusDays(2),
                "李四," + TestIds.next() + ",13800138000,110105-001," + today.minusDays(40),
                "王五," + TestIds.next() + ",13800138000,110105-001,") + "\r\n";
        String roster = upload(employer, "text/csv", csv.getBytes(java.nio.charset.StandardCharsets.UTF_8), 202);
        completed(employer, roster).body("accepted", equalTo(3));
        List<Map<String, Object>> apps = given().auth().oauth2(CLERK).queryParam("employerId", employer)
                .get("/api/v1/applications").then().statusCode(200).extract().path("");
        assertEquals(3, apps.size());

        // the chunks' events travel as one outbox row per chunk, and leave as one record per application, on the
        // bulk lane: a roster never queues before a person's own application
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        String bulk = Topics.lane(Topics.APPLICATIONS, true);
        await().atMost(Duration.ofSeconds(30)).until(() -> apps.stream().allMatch(a ->
                kafka.events(bulk, (String) a.get("id")).size() == 1));
        for (Map<String, Object> app : apps) {
            String id = (String) app.get("id");
            assertTrue(kafka.events(Topics.APPLICATIONS, id).isEmpty(), "nothing of a roster on the interactive lane");
            var records = kafka.matching(bulk, r -> id.equals(r.key()));
            assertEquals(1, records.size(), id);
            var record = records.get(0);
            EventEnvelope event = KafkaTestClient.JSON.readValue(record.value(), EventEnvelope.class);
            assertEquals(EventTypes.APPLICATION_SUBMITTED, KafkaTestClient.header(record, "event-type"));
            assertEquals(event.eventId().toString(), KafkaTestClient.header(record, "event-id"));
            assertEquals(EventTypes.APPLICATION_SUBMITTED, event.type());
            assertEquals(id, event.aggregateId());
            assertEquals("registration-service", event.producer());
            // personal fields travel sealed; opened, UTF-8 is intact
            assertTrue(event.payload().get("name").asText().startsWith("ENC1."));
            assertEquals(app.get("name"), cipher.decrypt(event.payload().get("name").asText()));
            assertEquals(roster, event.payload().get("rosterId").asText());
            // registration states the rules it owns; review records them and does not check them again
            assertEquals(Payloads.CheckOutcome.MINOR_HAS_GUARDIAN_PATH, event.payload().get("checks").get(0).get("check").asText());
            assertTrue(event.payload().get("checks").get(0).get("passed").asBoolean());
            assertEquals(app.get("lateRegistration"), event.payload().get("lateRegistration").asBoolean());
            assertEquals(employer, event.payload().get("employerId").asText());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                ((Number) em.createNativeQuery("select count(*) from outbox_event where batch_size is not null")
                        .getSingleResult()).intValue() == 0));

        // the late hire is reported from its application: counted once, listed with its message
        given().auth().oauth2(DevTokens.token("employer", employer)).queryParam("outcome", "LATE")
                .get("/api/v1/rosters/" + roster + "/results").then().statusCode(200)
                .body("rowNumber", contains(3)).body("[0].errors[0].field", equalTo("hiredOn"))
                .body("[0].errors[0].message", containsString("art. 58"))
                .body("[0].applicationId", equalTo(apps.stream().filter(a -> "李四".equals(a.get("name")))
                        .findFirst().orElseThrow().get("id")));
    }

    @Test
    void anEmployeeIsRegisteredThroughTheEmployerAndOnlyClerksNameOne() {
        String employer = registeredEmployer();
        String form = ApplicationResourceTest.body(People.idOf("roster-eve")).replace("RESIDENT", "EMPLOYEE");
        given().auth().oauth2(CLERK).contentType(ContentType.JSON).body(form).post("/api/v1/applications").then()
                .statusCode(400).body("errors.field", hasItem("employerCreditCode"));
        String named = form.replace("}", ",\"employerCreditCode\":\"" + employer + "\"}");
        given().auth().oauth2(People.applicant("roster-eve")).contentType(ContentType.JSON).body(named)
                .post("/api/v1/applications").then().statusCode(403).body("code", equalTo("EMPLOYER_NAMED_BY_STAFF_ONLY"));
        given().auth().oauth2(CLERK).contentType(ContentType.JSON)
                .body(form.replace("}", ",\"employerCreditCode\":\"" + EmployerTest.newCreditCode() + "\"}"))
                .post("/api/v1/applications").then().statusCode(422).body("code", equalTo("EMPLOYER_NOT_REGISTERED"));
        given().auth().oauth2(CLERK).contentType(ContentType.JSON).body(named).post("/api/v1/applications").then()
                .statusCode(201).body("employerId", equalTo(employer));
    }

    @Test
    void aFileWithoutTheRequiredColumnsFailsSayingWhichAndOnlyRegisteredEmployersUpload() {
        String employer = registeredEmployer();
        String roster = upload(employer, "text/csv", "name,phone\n张三,13800138000\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), 202);
        completed(employer, roster).body("status", equalTo("FAILED"))
                .body("failure", containsString("idNumber")).body("failure", containsString("outletCode"));
        upload(EmployerTest.newCreditCode(), "text/csv", "name\n".getBytes(), 422);
        given().auth().oauth2(People.applicant("roster-alice")).contentType("text/csv").body("name\n")
                .post("/api/v1/rosters").then().statusCode(403);
        given().auth().oauth2(DevTokens.token("employer", employer)).contentType("text/csv").body(new byte[0])
                .post("/api/v1/rosters").then().statusCode(400).contentType("application/problem+json");
    }
}
