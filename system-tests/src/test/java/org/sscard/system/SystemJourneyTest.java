package org.sscard.system;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.sscard.events.EventTypes;
import org.sscard.infra.DevFaceProvider;
import org.sscard.infra.DevTokens;
import org.sscard.infra.SampleFiles;
import org.sscard.infra.KafkaBroker;
import org.sscard.infra.LocalInfra;
import org.sscard.infra.Ports;
import org.sscard.infra.PostgresServer;
import org.sscard.platform.id.CitizenIdNumber;

import java.io.File;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The four services as separate processes on embedded PostgreSQL and Kafka, driven through HTTP only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SystemJourneyTest {
    static final Duration PATIENCE = Duration.ofSeconds(90);
    static final AtomicInteger SEQ = new AtomicInteger(1);

    static Map<String, String> ENV;
    static File LOGS;
    static Path ROOT;
    static PostgresServer postgres;
    static KafkaBroker kafka;
    static ServiceProcess registration;
    static ServiceProcess review;
    static ServiceProcess production;
    static ServiceProcess notification;

    /** Each application's applicant: a token verified as the person whose ID number it bears. */
    static final Map<String, String> HOLDERS = new java.util.concurrent.ConcurrentHashMap<>();
    static final String REVIEWER = DevTokens.token("reviewer", "sys-rita");
    static final String CLERK = DevTokens.token("outlet-clerk", "sys-olaf");
    static final String OPS = DevTokens.token("operations", "sys-otto");

    @BeforeAll
    static void startEverything() {
        Path root = Path.of(System.getProperty("sscard.root", "..")).toAbsolutePath().normalize();
        File logs = root.resolve("system-tests/target/system-logs").toFile();
        logs.mkdirs();
        postgres = PostgresServer.start(Ports.free(), null, LocalInfra.DATABASES);
        kafka = KafkaBroker.start(Ports.free(), Ports.free(), null, new File(logs, "kafka.log"));
        Map<String, String> env = Map.ofEntries(
                Map.entry("SSCARD_PIN_PEPPER", "DEVELOPMENT-ONLY-pin-pepper-not-a-secret"),
                Map.entry("SSCARD_ECARD_SIGNING_KEY", "DEVELOPMENT-ONLY-ecard-key-not-a-secret"),
                Map.entry("SSCARD_BLIND_INDEX_KEY", "DEVELOPMENT-ONLY-blind-index-key-not-a-secret"),
                Map.entry("SSCARD_PG_URL", "jdbc:postgresql://127.0.0.1:" + postgres.port()),
                Map.entry("SSCARD_KAFKA_BOOTSTRAP", kafka.bootstrapServers()),
                Map.entry("SSCARD_JWT_PUBLIC_KEY_LOCATION", "file:" + root.resolve("dev-keys/DEV-ONLY-public-key.pem")),
                Map.entry("SSCARD_JWT_ISSUER", DevTokens.ISSUER),
                Map.entry("SSCARD_FACE_PROVIDER_PUBLIC_KEY_LOCATION",
                        "file:" + root.resolve("dev-keys/DEV-ONLY-face-provider-public-key.pem")),
                Map.entry("SSCARD_FACE_PROVIDER_ISSUER", DevFaceProvider.ISSUER),
                Map.entry("SSCARD_PRODUCTION_BATCH_MAX_AGE", "1s"),
                Map.entry("SSCARD_PRODUCTION_BATCH_CHECK_INTERVAL", "0.5s"),
                Map.entry("SSCARD_OUTBOX_POLL_INTERVAL", "0.2s"),
                Map.entry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false"),
                // production in every respect but one: the published development keys above are accepted
                Map.entry("QUARKUS_PROFILE", "local"));
        ENV = env;
        LOGS = logs;
        ROOT = root;
        registration = new ServiceProcess(root, "registration-service", Ports.free(), env, logs);
        review = new ServiceProcess(root, "review-service", Ports.free(), env, logs);
        production = new ServiceProcess(root, "card-production-service", Ports.free(), env, logs);
        notification = new ServiceProcess(root, "notification-service", Ports.free(), env, logs);
        List<ServiceProcess> all = List.of(registration, review, production, notification);
        all.forEach(ServiceProcess::start);
        all.forEach(ServiceProcess::awaitReady);
    }

    @AfterAll
    static void stopEverything() {
        for (ServiceProcess s : new ServiceProcess[]{registration, review, production, notification}) {
            if (s != null) {
                s.stop();
            }
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    static RequestSpecification as(ServiceProcess service, String token) {
        return given().baseUri(service.url()).auth().oauth2(token);
    }

    /** A fresh valid ID number per application: one person, one card. */
    static String nextIdNumber() {
        String base = "110105" + "1985" + "0101" + String.format("%03d", SEQ.getAndIncrement() % 1000);
        return base + CitizenIdNumber.checkCharacter(base);
    }

    static String form(String idNumber) {
        return "{\"category\":\"RESIDENT\",\"name\":\"张三\",\"idNumber\":\"" + idNumber
                + "\",\"phone\":\"13800138000\",\"outletCode\":\"110105-001\"}";
    }

    /** Submits with the materials a resident needs, in one multipart call, as a front end would. */
    static String person(String idNumber) {
        return DevTokens.tokenWithIdNumber("applicant", "sys-" + idNumber, idNumber);
    }

    static String holder(String app) {
        return HOLDERS.get(app);
    }

    static String submit(String idNumber) {
        String app = as(registration, person(idNumber))
                .multiPart("application", "application.json", form(idNumber).getBytes(StandardCharsets.UTF_8), "application/json")
                .multiPart("ID_FRONT", "front.png", SampleFiles.png(), "image/png")
                .multiPart("ID_BACK", "back.png", SampleFiles.png(), "image/png")
                .multiPart("PHOTO", "photo.jpg", SampleFiles.photo(), "image/jpeg")
                .post("/api/v1/applications").then().statusCode(201).extract().path("id");
        HOLDERS.put(app, person(idNumber));
        return app;
    }

    static String awaitReview(String app) {
        await().atMost(PATIENCE).ignoreExceptions().until(() -> as(review, REVIEWER).queryParam("applicationId", app)
                .get("/api/v1/reviews").then().extract().jsonPath().getList("$").size() == 1);
        return as(review, REVIEWER).queryParam("applicationId", app).get("/api/v1/reviews")
                .then().extract().path("[0].id");
    }

    static void decide(String reviewId, String decisionJson) {
        as(review, REVIEWER).post("/api/v1/reviews/" + reviewId + "/claim").then().statusCode(200);
        as(review, REVIEWER).contentType(ContentType.JSON).body(decisionJson)
                .post("/api/v1/reviews/" + reviewId + "/decision").then().statusCode(200);
    }

    static String awaitCardReady(String app) {
        await().atMost(PATIENCE).ignoreExceptions().until(() -> "READY_FOR_COLLECTION".equals(as(production, CLERK)
                .queryParam("applicationId", app).get("/api/v1/cards").then().extract().path("[0].status")));
        return as(production, CLERK).queryParam("applicationId", app).get("/api/v1/cards")
                .then().body("$", hasSize(1)).extract().path("[0].cardNumber");
    }

    static void awaitStatus(String app, String status) {
        await().atMost(PATIENCE).ignoreExceptions().until(() -> status.equals(as(registration, holder(app))
                .get("/api/v1/applications/" + app).then().extract().path("status")));
    }

    static void collect(String card, String idNumber) {
        as(production, CLERK).contentType(ContentType.JSON).body("{\"idNumber\":\"" + idNumber + "\"}")
                .post("/api/v1/cards/" + card + "/collection").then().statusCode(200);
    }

    /** Every event of the application reached notification exactly once, and each step gave one message. */
    static void assertHandledExactlyOnce(String app, List<String> expectedEvents, List<String> expectedMessages) {
        await().atMost(PATIENCE).ignoreExceptions().until(() -> as(notification, OPS).queryParam("applicationId", app)
                .get("/api/v1/events").then().extract().jsonPath().getList("$").size() >= expectedEvents.size()
                && as(notification, holder(app)).queryParam("applicationId", app).get("/api/v1/notifications")
                .then().extract().jsonPath().getList("$").size() >= expectedMessages.size());
        ServiceProcess.sleep(1000); // a duplicate, if any, would arrive now
        List<String> types = as(notification, OPS).queryParam("applicationId", app).get("/api/v1/events")
                .then().statusCode(200).extract().jsonPath().getList("type");
        List<String> ids = as(notification, OPS).queryParam("applicationId", app).get("/api/v1/events")
                .then().extract().jsonPath().getList("eventId");
        assertEquals(Set.copyOf(expectedEvents), Set.copyOf(types), "event types of " + app);
        assertEquals(expectedEvents.size(), types.size(), "each event once: " + types);
        assertEquals(ids.size(), new HashSet<>(ids).size(), "unique event ids");
        List<String> messages = as(notification, holder(app)).queryParam("applicationId", app)
                .get("/api/v1/notifications").then().statusCode(200).extract().jsonPath().getList("eventType");
        assertEquals(expectedMessages, messages, "one message per step for " + app);
        List<String> timeline = as(registration, holder(app)).get("/api/v1/applications/" + app)
                .then().extract().jsonPath().getList("timeline.event");
        assertEquals(expectedEvents.size(), timeline.size(), "timeline has each event once: " + timeline);
    }

    static final List<String> COLLECTED_EVENTS = List.of(EventTypes.APPLICATION_SUBMITTED,
            EventTypes.APPLICATION_APPROVED, EventTypes.CARD_PRODUCTION_STARTED, EventTypes.CARD_PRINTED,
            EventTypes.CARD_DISPATCHED, EventTypes.CARD_READY_FOR_COLLECTION, EventTypes.CARD_COLLECTED);
    static final List<String> COLLECTED_MESSAGES = List.of(EventTypes.APPLICATION_SUBMITTED,
            EventTypes.APPLICATION_APPROVED, EventTypes.CARD_READY_FOR_COLLECTION, EventTypes.CARD_COLLECTED);

    @Test
    @Order(0)
    void theProductionProfileRefusesToStartWithTheDevelopmentKeys() {
        Map<String, String> prod = new java.util.HashMap<>(ENV);
        prod.put("QUARKUS_PROFILE", "prod");
        // its own consumer groups, so that the running card production keeps its partitions meanwhile
        prod.put("MP_MESSAGING_INCOMING_REVIEWS_GROUP_ID", "prod-profile-check");
        prod.put("MP_MESSAGING_INCOMING_APPLICATIONS_GROUP_ID", "prod-profile-check");
        ServiceProcess refused = new ServiceProcess(ROOT, "card-production-service", Ports.free(), prod,
                new File(LOGS, "prod-profile"));
        new File(LOGS, "prod-profile").mkdirs();
        refused.start();
        assertTrue(refused.awaitExit(120) != 0, "a prod service with development keys must not run");
        String log = refused.log();
        assertTrue(log.contains("Refusing to start in the prod profile with development secrets"), log);
        assertTrue(log.contains("SSCARD_PIN_PEPPER") && log.contains("mp.jwt.verify.publickey.location is a development key")
                && log.contains("sscard.face-check.provider-public-key-location is a development key"), log);
        assertFalse(log.contains("not-a-secret"), "the guard names settings, never their values");
    }

    @Test
    @Order(1)
    void oneApplicationTravelsTheWholeJourneyThroughAllFourServices() {
        String id = nextIdNumber();
        String app = submit(id);
        decide(awaitReview(app), "{\"outcome\":\"APPROVE\",\"comment\":\"documents in order\"}");
        awaitStatus(app, "READY_FOR_COLLECTION");
        String card = awaitCardReady(app);
        collect(card, id);
        awaitStatus(app, "COLLECTED");
        as(registration, holder(app)).get("/api/v1/applications/" + app).then()
                .body("cardNumber", equalTo(card));
        as(production, CLERK).get("/api/v1/cards/" + card).then().body("status", equalTo("ISSUED_SEALED"));
        assertHandledExactlyOnce(app, COLLECTED_EVENTS, COLLECTED_MESSAGES);
    }

    @Test
    @Order(2)
    void aRejectionReachesTheApplicantWithItsReasons() {
        String app = submit(nextIdNumber());
        decide(awaitReview(app), "{\"outcome\":\"REJECT\",\"reasonCodes\":[\"PHOTO_NOT_COMPLIANT\"],\"comment\":\"retake\"}");
        awaitStatus(app, "REJECTED");
        as(registration, holder(app)).get("/api/v1/applications/" + app).then()
                .body("reasons[0].code", equalTo("PHOTO_NOT_COMPLIANT"));
        assertHandledExactlyOnce(app, List.of(EventTypes.APPLICATION_SUBMITTED, EventTypes.APPLICATION_REJECTED),
                List.of(EventTypes.APPLICATION_SUBMITTED, EventTypes.APPLICATION_REJECTED));
        String body = as(notification, holder(app)).queryParam("applicationId", app).get("/api/v1/notifications")
                .then().extract().path("[1].body");
        assertTrue(body.contains("照片不符合要求"), body);
    }

    @Test
    @Order(4)
    void aSupplementRequestTravelsToTheApplicantAndTheAnswerBackToReview() {
        // the form alone, materials to follow: review's MATERIALS_COMPLETE check asks for them
        String id = nextIdNumber();
        String app = as(registration, person(id)).contentType(ContentType.JSON).body(form(id))
                .post("/api/v1/applications").then().statusCode(201).extract().path("id");
        HOLDERS.put(app, person(id));
        awaitStatus(app, "SUPPLEMENT_REQUESTED");
        as(registration, holder(app)).get("/api/v1/applications/" + app).then()
                .body("reasons[0].code", equalTo("MATERIALS_INCOMPLETE"))
                .body("missingMaterials.requirement", equalTo(List.of("IDENTITY_DOCUMENT", "PHOTO")));
        for (var m : List.of(java.util.Map.entry("ID_FRONT", SampleFiles.png()), java.util.Map.entry("ID_BACK", SampleFiles.png()),
                java.util.Map.entry("PHOTO", SampleFiles.photo()))) {
            as(registration, holder(app)).contentType("application/octet-stream").body(m.getValue())
                    .put("/api/v1/applications/" + app + "/materials/" + m.getKey()).then().statusCode(200);
        }
        as(registration, holder(app)).contentType(ContentType.JSON).body("{\"note\":\"photo and ID scans attached\"}")
                .post("/api/v1/applications/" + app + "/supplement").then().statusCode(200)
                .body("status", equalTo("UNDER_REVIEW"));
        String caseId = awaitReview(app);
        await().atMost(PATIENCE).ignoreExceptions().until(() -> "OPEN".equals(as(review, REVIEWER)
                .get("/api/v1/reviews/" + caseId).then().extract().path("status")));
        decide(caseId, "{\"outcome\":\"APPROVE\",\"comment\":\"materials checked\"}");
        awaitStatus(app, "READY_FOR_COLLECTION");
        as(review, REVIEWER).get("/api/v1/reviews/" + caseId + "/audit").then()
                .body("action", equalTo(List.of("OPENED", "POLICY_DECIDED", "SUPPLEMENT_RECEIVED", "CLAIMED", "DECIDED")));
    }

    @Test
    @Order(5)
    void aWithdrawnApplicationLeavesTheReviewQueue() {
        String app = submit(nextIdNumber());
        String caseId = awaitReview(app);
        as(registration, holder(app)).post("/api/v1/applications/" + app + "/withdrawal").then().statusCode(200);
        await().atMost(PATIENCE).ignoreExceptions().until(() -> "WITHDRAWN".equals(as(review, REVIEWER)
                .get("/api/v1/reviews/" + caseId).then().extract().path("status")));
        as(review, REVIEWER).post("/api/v1/reviews/" + caseId + "/claim").then().statusCode(409)
                .body("code", equalTo("APPLICATION_WITHDRAWN"));
    }

    @Test
    @Order(3)
    void servicesKilledWithSigkillMidFlightLoseNoApplicationAndDuplicateNothing() {
        int n = 12;
        List<String> ids = new ArrayList<>();
        List<String> apps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(nextIdNumber());
            apps.add(submit(ids.get(i)));
            if (i == n / 2) {
                registration.kill(); // some ApplicationSubmitted rows are still in the outbox
                registration.start();
                registration.awaitReady();
            }
        }
        notification.kill();
        notification.start();
        List<String> reviews = apps.stream().map(SystemJourneyTest::awaitReview).toList();
        for (int i = 0; i < n; i++) {
            decide(reviews.get(i), "{\"outcome\":\"APPROVE\"}");
            if (i == n / 2) {
                review.kill(); // decisions committed, some approvals not yet published
                review.start();
                review.awaitReady();
            }
        }
        production.kill(); // approvals being turned into cards and batches
        production.start();
        production.awaitReady();
        notification.awaitReady();
        for (int i = 0; i < n; i++) {
            String card = awaitCardReady(apps.get(i));
            collect(card, ids.get(i));
        }
        for (String app : apps) {
            awaitStatus(app, "COLLECTED");
            as(production, CLERK).queryParam("applicationId", app).get("/api/v1/cards").then().body("$", hasSize(1));
            assertHandledExactlyOnce(app, COLLECTED_EVENTS, COLLECTED_MESSAGES);
        }
    }
}
