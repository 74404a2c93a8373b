package org.sscard.system;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
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
import org.sscard.infra.KafkaBroker;
import org.sscard.infra.KafkaTestClient;
import org.sscard.infra.LocalInfra;
import org.sscard.infra.Ports;
import org.sscard.infra.PostgresServer;
import org.sscard.infra.SampleFiles;
import org.sscard.infra.TestCreditCodes;
import org.sscard.platform.id.CitizenIdNumber;

import java.io.File;
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

    static Platform platform;
    static Map<String, String> ENV;
    static PostgresServer postgres;
    static KafkaBroker kafka;
    static ServiceProcess registration;
    static ServiceProcess review;
    static ServiceProcess production;
    static ServiceProcess notification;

    /** Each application's applicant: a token verified as the person whose ID number it bears. */
    static final Map<String, String> HOLDERS = new java.util.concurrent.ConcurrentHashMap<>();
    static final String REVIEWER = DevTokens.token("reviewer", "sys-rita");
    static final String CLERK = DevTokens.clerk("sys-olaf", "110105-001");
    static final String OPS = DevTokens.token("operations", "sys-otto");

    @BeforeAll
    static void startEverything() {
        // a divergence shows at once: the journeys below are checked one at a time
        platform = Platform.start("system", Map.of("SSCARD_RECONCILIATION_GRACE", "0s"));
        ENV = platform.env;
        postgres = platform.postgres;
        kafka = platform.kafka;
        registration = platform.registration;
        review = platform.review;
        production = platform.production;
        notification = platform.notification;
    }

    @AfterAll
    static void stopEverything() {
        if (platform != null) {
            platform.registration = registration;
            platform.review = review;
            platform.production = production;
            platform.notification = notification;
            platform.close();
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
        return DevTokens.tokenWithIdNumber("applicant", subjectOf(idNumber), idNumber);
    }

    /**
     * The account of the person with {@code idNumber}: an opaque subject, as an identity provider issues them. (The
     * subject is stored as the applicant's account; one that spelt out the ID number would put it in clear in
     * every table and event, and the personal-data scan below finds exactly that.)
     */
    static String subjectOf(String idNumber) {
        return "sys-" + java.util.UUID.nameUUIDFromBytes(idNumber.getBytes(StandardCharsets.US_ASCII));
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
        // and stays so for a second: a duplicate, if any, would arrive now (the assertions below then say which)
        try {
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() ->
                    as(notification, OPS).queryParam("applicationId", app).get("/api/v1/events").then().extract()
                    .jsonPath().getList("$").size() == expectedEvents.size()
                    && as(notification, holder(app)).queryParam("applicationId", app).get("/api/v1/notifications")
                    .then().extract().jsonPath().getList("$").size() == expectedMessages.size());
        } catch (org.awaitility.core.ConditionTimeoutException more) {
            // more than expected: reported by the assertions below
        }
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
        prod.put("MP_MESSAGING_INCOMING_REVIEWS_BULK_GROUP_ID", "prod-profile-check");
        prod.put("MP_MESSAGING_INCOMING_APPLICATIONS_BULK_GROUP_ID", "prod-profile-check");
        ServiceProcess refused = new ServiceProcess(platform.root, "card-production-service", Ports.free(), prod,
                new File(platform.logs, "prod-profile"));
        new File(platform.logs, "prod-profile").mkdirs();
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

    /**
     * A front end built on the Java client generated from the OpenAPI documents: the documents say enough for it to
     * list outlets, keep a draft, read an application and its ETA, and get a problem back for a bad request.
     */
    @Test
    @Order(2)
    void theGeneratedJavaClientWorksAgainstTheServicesAsTheirDocumentsSay() throws Exception {
        String id = nextIdNumber();
        String token = person(id);
        org.sscard.client.registration.ApiClient reg = new org.sscard.client.registration.ApiClient();
        reg.updateBaseUri(registration.url());
        reg.setRequestInterceptor(b -> b.header("Authorization", "Bearer " + token));
        List<String> outlets = new org.sscard.client.registration.api.OutletsApi(reg).listOutlets(false, "110105")
                .stream().map(org.sscard.client.registration.model.Outlet::getCode).toList();
        assertTrue(outlets.contains("110105-001"), outlets.toString());

        var applications = new org.sscard.client.registration.api.ApplicationsApi(reg);
        var draft = applications.createDraft(new org.sscard.client.registration.model.SubmitApplicationRequest()
                .category(org.sscard.client.registration.model.ApplicantCategory.RESIDENT).name("张三").idNumber(id)
                .phone("13800138000").outletCode("110105-001"));
        assertEquals("DRAFT", applications.getApplication(draft.getId()).getStatus());
        var refused = org.junit.jupiter.api.Assertions.assertThrows(org.sscard.client.registration.ApiException.class,
                () -> applications.submitDraft(draft.getId()));
        assertEquals(422, refused.getCode());
        assertTrue(refused.getResponseBody().contains("MATERIALS_MISSING"), refused.getResponseBody());
        applications.withdraw(draft.getId(), new org.sscard.client.registration.model.Note().note("by the client"));

        String app = submit(nextIdNumber());
        org.sscard.client.notification.ApiClient notes = new org.sscard.client.notification.ApiClient();
        notes.updateBaseUri(notification.url());
        notes.setRequestInterceptor(b -> b.header("Authorization", "Bearer " + holder(app)));
        var levels = new org.sscard.client.notification.api.ServiceLevelsApi(notes);
        await().atMost(PATIENCE).ignoreExceptions().until(() -> levels.forApplication(java.util.UUID.fromString(app)).size() == 1);
        var issuance = levels.forApplication(java.util.UUID.fromString(app)).get(0);
        assertEquals("NEW_CARD", issuance.getKind());
        assertTrue(issuance.getExpectedBy() != null && issuance.getState() != null, issuance.toString());
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
        // the form alone, materials to follow: registration states MATERIALS_COMPLETE failed, and review asks for them
        String id = nextIdNumber();
        String app = as(registration, person(id)).contentType(ContentType.JSON).body(form(id))
                .post("/api/v1/applications").then().statusCode(201).extract().path("id");
        HOLDERS.put(app, person(id));
        awaitStatus(app, "SUPPLEMENT_REQUESTED");
        as(registration, holder(app)).get("/api/v1/applications/" + app).then()
                .body("reasons[0].code", equalTo("MATERIALS_INCOMPLETE"))
                .body("missingMaterials.requirement", equalTo(List.of("IDENTITY_DOCUMENT", "PHOTO")));
        // meanwhile the applicant gets a new phone and would rather read English: the next messages follow
        as(registration, holder(app)).contentType(ContentType.JSON).body("{\"phone\":\"13900139000\",\"language\":\"en\"}")
                .put("/api/v1/applications/" + app + "/contact").then().statusCode(200)
                .body("contact.phone", equalTo("139****9000")).body("contact.language", equalTo("en"));
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
        await().atMost(PATIENCE).ignoreExceptions().until(() -> as(notification, holder(app))
                .queryParam("applicationId", app).get("/api/v1/notifications").then().extract().jsonPath()
                .getList("eventType").contains(EventTypes.CARD_READY_FOR_COLLECTION));
        as(notification, holder(app)).queryParam("applicationId", app).get("/api/v1/notifications").then()
                .body("find { it.eventType == 'SupplementRequested' }.language", equalTo("zh"))
                .body("find { it.eventType == 'ContactChanged' }.language", equalTo("en"))
                .body("find { it.eventType == 'ApplicationApproved' }.language", equalTo("en"))
                .body("find { it.eventType == 'CardReadyForCollection' }.title", equalTo("Card ready for collection"));
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

    @Test
    @Order(6)
    void aDeadLetteredApprovalShowsAsADivergenceAndItsReplayBringsRegistrationUpToDate() throws Exception {
        String id = nextIdNumber();
        String app = submit(id);
        String caseId = awaitReview(app);
        // As the outage of an earlier release left it: registration dead-lettered the approval ("handler failed after
        // 6 attempts") and its consumer moved past it. Card production is away meanwhile, so that no card event
        // moves registration on by itself.
        registration.stop();
        production.stop();
        try {
            replayed(app, id, caseId);
        } finally {
            if (!registration.isAlive()) {
                registration.start();
                registration.awaitReady();
            }
            if (!production.isAlive()) {
                production.start();
                production.awaitReady();
            }
        }
        String card = awaitCardReady(app);
        collect(card, id);
        awaitStatus(app, "COLLECTED");
        // the replay reached every consumer of the topic: the ones that had the event skipped it
        assertHandledExactlyOnce(app, COLLECTED_EVENTS, COLLECTED_MESSAGES);
        as(production, CLERK).queryParam("applicationId", app).get("/api/v1/cards").then().body("$", hasSize(1));
        await().atMost(PATIENCE).until(() -> divergences(app).isEmpty());
    }

    /** The approval of {@code caseId} dead-lettered by registration and replayed; card production is away. */
    static void replayed(String app, String id, String caseId) throws Exception {
        decide(caseId, "{\"outcome\":\"APPROVE\"}");
        KafkaTestClient topics = new KafkaTestClient(kafka.bootstrapServers());
        await().atMost(PATIENCE).until(() -> topics.matching("sscard.reviews", r -> app.equals(r.key())).size() == 1);
        var approval = topics.matching("sscard.reviews", r -> app.equals(r.key())).get(0);
        deadLetter(approval, "sscard.dlq.registration-service",
                "handler failed after 6 attempts: QuarkusTransactionException");
        moveGroupPast("registration-service", approval);
        registration.start();
        registration.awaitReady();
        assertEquals("SUBMITTED", as(registration, holder(app)).get("/api/v1/applications/" + app).then()
                .extract().path("status"), "registration missed the approval");

        // operations see it: as a divergence between review and registration (card production, away, is named as
        // unread), and as an open dead letter
        await().atMost(PATIENCE).until(() -> {
            JsonPath report = as(notification, OPS).post("/api/v1/operations/reconciliation").then().statusCode(200)
                    .extract().jsonPath();
            List<String> errors = report.getList("errors");
            return errors.size() == 1 && errors.get(0).startsWith("card production did not answer")
                    && report.getList("divergences.findAll { it.applicationId == '" + app + "' }.kind")
                    .equals(List.of("REGISTRATION_BEHIND_REVIEW"));
        });
        await().atMost(PATIENCE).ignoreExceptions().until(() -> as(notification, OPS).queryParam("status", "OPEN")
                .get("/api/v1/dead-letters").then().extract().jsonPath().getList("key").contains(app));
        int deadLetter = as(notification, OPS).queryParam("status", "OPEN").get("/api/v1/dead-letters").then()
                .body("find { it.key == '" + app + "' }.cause", equalTo("HANDLER_FAILED"))
                .extract().path("find { it.key == '" + app + "' }.id");

        as(notification, OPS).contentType(ContentType.JSON).body("{\"note\":\"the database is back\"}")
                .post("/api/v1/dead-letters/" + deadLetter + "/replay").then().statusCode(200)
                .body("status", equalTo("REPLAYED"));
        awaitStatus(app, "APPROVED");
        production.start();
        production.awaitReady();
    }

    /** The kinds of divergence the reconciliation finds now for {@code app} (the test platform's grace is 0 s). */
    static List<String> divergences(String app) {
        return as(notification, OPS).post("/api/v1/operations/reconciliation").then().statusCode(200)
                .body("errors", hasSize(0)).extract().jsonPath()
                .getList("divergences.findAll { it.applicationId == '" + app + "' }.kind");
    }

    /** Writes {@code record} to {@code topic} as the dead-letter strategy does, with {@code reason}. */
    static void deadLetter(org.apache.kafka.clients.consumer.ConsumerRecord<String, String> record, String topic,
                           String reason) {
        var props = new java.util.Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        props.put("value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(props)) {
            var dead = new org.apache.kafka.clients.producer.ProducerRecord<>(topic, record.key(), record.value());
            record.headers().forEach(h -> dead.headers().add(h));
            dead.headers().add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
            dead.headers().add("dead-letter-topic", record.topic().getBytes(StandardCharsets.UTF_8));
            dead.headers().add("dead-letter-partition", String.valueOf(record.partition()).getBytes(StandardCharsets.UTF_8));
            dead.headers().add("dead-letter-offset", String.valueOf(record.offset()).getBytes(StandardCharsets.UTF_8));
            producer.send(dead).get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Commits {@code group}'s offset past {@code record}, as the dead-letter strategy did (the group must be empty). */
    static void moveGroupPast(String group, org.apache.kafka.clients.consumer.ConsumerRecord<String, String> record) {
        var props = new java.util.Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (var admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            var tp = new org.apache.kafka.common.TopicPartition(record.topic(), record.partition());
            await().atMost(PATIENCE).ignoreExceptions().until(() -> {
                admin.alterConsumerGroupOffsets(group, Map.of(tp,
                        new org.apache.kafka.clients.consumer.OffsetAndMetadata(record.offset() + 1))).all()
                        .get(10, java.util.concurrent.TimeUnit.SECONDS);
                return true;
            });
        }
    }

    @Test
    @Order(15)
    void nobodyReachesAnotherPersonsOrEmployersRecordThroughAnyOperationThatTakesItsId() throws Exception {
        // the records: a person's application, review case and activated card with its electronic card
        String id = nextIdNumber();
        String app = submit(id);
        String reviewId = awaitReview(app);
        decide(reviewId, "{\"outcome\":\"APPROVE\"}");
        String card = awaitCardReady(app);
        collect(card, id);
        as(production, holder(app)).post("/api/v1/cards/" + card + "/activation").then().statusCode(200);
        as(production, holder(app)).contentType(ContentType.JSON)
                .body("{\"faceVerification\":\"" + DevFaceProvider.passed(id) + "\"}")
                .post("/api/v1/cards/" + card + "/electronic-card").then().statusCode(201);
        // and an employer's roster
        String base = "91110105" + String.format("%09d", SEQ.incrementAndGet());
        String employer = TestCreditCodes.withCheckCharacter(base);
        as(registration, DevTokens.token("intake-clerk", "sys-ian")).contentType(ContentType.JSON)
                .body("{\"creditCode\":\"" + employer + "\",\"name\":\"北京某某科技有限公司\",\"contactName\":\"李经理\","
                        + "\"contactPhone\":\"13800138000\"}").post("/api/v1/employers").then().statusCode(201);
        String employerToken = DevTokens.token("employer", employer);
        String roster = as(registration, employerToken).contentType("text/csv")
                .body(("姓名,身份证号,手机号,领卡网点\n王五," + nextIdNumber() + ",13800138000,110105-001\n")
                        .getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/rosters").then().statusCode(202).extract().path("id");

        String somebodyElse = nextIdNumber();
        String otherBase = "91110105" + String.format("%09d", SEQ.incrementAndGet());
        List<BolaMatrix.Actor> attackers = List.of(
                new BolaMatrix.Actor("another applicant", DevTokens.tokenWithIdNumber("applicant", "sys-mallory", somebodyElse)),
                new BolaMatrix.Actor("the holder's account verified as somebody else",
                        DevTokens.tokenWithIdNumber("applicant", subjectOf(id), somebodyElse)),
                new BolaMatrix.Actor("the holder's account without a verified identity",
                        DevTokens.token("applicant", subjectOf(id))),
                new BolaMatrix.Actor("an employer of another company", DevTokens.token("employer",
                        TestCreditCodes.withCheckCharacter(otherBase))));
        List<BolaMatrix.Actor> staff = java.util.stream.Stream.of("intake-clerk", "reviewer", "outlet-clerk",
                "operations", "admin", "bank").map(r -> new BolaMatrix.Actor(r, DevTokens.token(r, "sys-" + r))).toList();
        BolaMatrix.Fixture fixture = new BolaMatrix.Fixture(app, reviewId, card, roster, employer, id, holder(app),
                employerToken, DevFaceProvider::passed, SampleFiles.photo());
        List<String> tried = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        for (ServiceProcess s : List.of(registration, review, production, notification)) {
            BolaMatrix.Result r = BolaMatrix.run(s.name, s.url(), "http://127.0.0.1:" + s.managementPort, fixture,
                    attackers, staff);
            tried.addAll(r.tried());
            r.findings().forEach(x -> findings.add(x.toString()));
        }
        System.out.println("BOLA matrix: " + tried.size() + " operations that take somebody's id, " + attackers.size()
                + " attackers, " + staff.size() + " staff roles: " + tried);
        assertTrue(tried.size() >= 35, "operations that take somebody's id: " + tried);
        assertEquals(List.of(), findings, "answered against the owner's interest (or hid the owner's record)");
        // nothing an attacker sent changed the records
        as(production, CLERK).get("/api/v1/cards/" + card).then().body("status", equalTo("ACTIVE"))
                .body("pinSet", equalTo(false));
        as(registration, holder(app)).get("/api/v1/applications/" + app).then().body("status", equalTo("COLLECTED"));
    }

    @Test
    @Order(16)
    void noDatabaseRowAndNoKafkaLogSegmentHoldsAClearIdNumberNameOrPhone() throws Exception {
        // by now: full journeys to an activated card with an electronic card, rejections, supplements, withdrawals,
        // services killed mid-flight, and an employer with a roster
        PersonalDataScan scan = new PersonalDataScan(List.of("张三", "王五", "李经理", "13800138000"));
        List<PersonalDataScan.Finding> found = new ArrayList<>(scan.databases(
                "jdbc:postgresql://127.0.0.1:" + postgres.port(), LocalInfra.DATABASES));
        found.addAll(scan.kafkaSegments(kafka.logDirs()));
        assertEquals(List.of(), found.stream().map(Object::toString).distinct().toList());
        // and the scan finds clear data where there is some
        try (var c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres",
                "postgres", "postgres"); var st = c.createStatement()) {
            st.execute("create table scan_probe (a_text text, a_bytea bytea)");
            st.execute("insert into scan_probe values ('" + nextIdNumber() + "', convert_to('王五', 'UTF8'))");
            // an identification code whose random part continues the digits of D156000005 into a valid ID number
            st.execute("create table scan_probe_code (identification_code text)");
            String inside = nextIdNumber();
            while (inside.endsWith("X")) {
                inside = nextIdNumber();
            }
            st.execute("insert into scan_probe_code values ('110105D" + inside + "A1B2')");
            try {
                List<String> probe = scan.databases("jdbc:postgresql://127.0.0.1:" + postgres.port(), List.of("postgres"))
                        .stream().map(PersonalDataScan.Finding::what).distinct().toList();
                assertEquals(List.of("a name or phone of the journey (2 characters)", "a valid citizen ID number"),
                        probe.stream().sorted().toList(), "the probe's clear ID number, and its name in bytes");
                st.execute("drop table scan_probe");
                assertEquals(List.of(), scan.databases("jdbc:postgresql://127.0.0.1:" + postgres.port(),
                        List.of("postgres")), "an ID number's digits inside a longer code are not an ID number");
            } finally {
                st.execute("drop table if exists scan_probe");
                st.execute("drop table scan_probe_code");
            }
        }
    }

    @Test
    @Order(17)
    void aKeyRotationWhileTheSuiteRunsRewritesEveryOldValueAndTheJourneyGoesOn() throws Exception {
        String before = submit(nextIdNumber());
        awaitReview(before);
        // the ring already holds sys-2 everywhere; now each service in turn makes it the active key
        Map<String, String> rotated = new java.util.HashMap<>(ENV);
        rotated.put("SSCARD_ACTIVE_FIELD_KEY", "sys-2");
        registration = restart(registration, rotated);
        review = restart(review, rotated);
        production = restart(production, rotated);
        notification = restart(notification, rotated);
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() -> valuesUnder("sys-1") == 0);
        assertTrue(valuesUnder("sys-2") > 0);
        // what was sealed under sys-1 reads as before, and a new application travels the whole way under sys-2
        as(registration, holder(before)).get("/api/v1/applications/" + before).then().statusCode(200)
                .body("name", equalTo("张三"));
        String id = nextIdNumber();
        String after = submit(id);
        decide(awaitReview(after), "{\"outcome\":\"APPROVE\"}");
        String card = awaitCardReady(after);
        collect(card, id);
        awaitStatus(after, "COLLECTED");
        assertEquals(0, valuesUnder("sys-1"));
    }

    /** Encrypted values under {@code keyId} in the four databases. */
    static long valuesUnder(String keyId) throws java.sql.SQLException {
        String[][] columns = {{"registration", "application", "id_number"}, {"registration", "application", "name"},
                {"registration", "employer", "contact_phone"}, {"review", "review_task", "id_number"},
                {"cardproduction", "card", "id_number"}, {"notification", "application_contact", "phone"},
                {"notification", "notification", "address"}};
        long n = 0;
        for (String[] c : columns) {
            try (var conn = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/"
                    + c[0], "postgres", "postgres");
                 var st = conn.prepareStatement("select count(*) from " + c[1] + " where " + c[2] + " like ?")) {
                st.setString(1, "ENC1." + keyId + ".%");
                try (var rs = st.executeQuery()) {
                    rs.next();
                    n += rs.getLong(1);
                }
            }
        }
        // the materials' bytes
        try (var conn = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.port()
                + "/registration", "postgres", "postgres");
             var st = conn.prepareStatement("select count(*) from material_content where position(?::bytea in "
                     + "substring(content from 1 for 16)) = 1")) {
            st.setBytes(1, ("SSE1" + (char) keyId.length() + keyId).getBytes(StandardCharsets.US_ASCII));
            try (var rs = st.executeQuery()) {
                rs.next();
                n += rs.getLong(1);
            }
        }
        return n;
    }

    /** Stops {@code service} and starts it again on the same ports with {@code env}: a rolling restart. */
    static ServiceProcess restart(ServiceProcess service, Map<String, String> env) {
        return platform.restart(service, env);
    }

    @Test
    @Order(18)
    void theRateLimitsOfProductionAnswer429WithRetryAfter() {
        // 30 submissions per subject in 10 minutes: counted before anything else, so refused ones count too
        String clerk = DevTokens.token("intake-clerk", "sys-rate-clerk");
        for (int i = 0; i < 30; i++) {
            as(registration, clerk).contentType(ContentType.JSON).body("{}").post("/api/v1/applications")
                    .then().statusCode(400);
        }
        as(registration, clerk).contentType(ContentType.JSON).body("{}").post("/api/v1/applications").then()
                .statusCode(429).body("code", equalTo("RATE_LIMITED")).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        // 30 PIN tries per subject a minute, across all cards
        String guesser = DevTokens.tokenWithIdNumber("applicant", "sys-guesser", nextIdNumber());
        for (int i = 0; i < 30; i++) {
            as(production, guesser).contentType(ContentType.JSON).body("{\"pin\":\"000001\"}")
                    .post("/api/v1/cards/GUESS" + String.format("%04d", i) + "/pin/verification").then().statusCode(404);
        }
        as(production, guesser).contentType(ContentType.JSON).body("{\"pin\":\"000001\"}")
                .post("/api/v1/cards/GUESS9999/pin/verification").then().statusCode(429);
    }

    @Test
    @Order(20)
    void hostileRequestsGeneratedFromTheOpenApiDocumentsGetA4xxProblemAndEveryServiceStaysReady() throws Exception {
        // every role at once, and a verified identity: the requests get past authorisation into the code
        String everything = DevTokens.token(List.of("applicant", "employer", "intake-clerk", "reviewer", "outlet-clerk",
                "operations", "admin", "bank"), "fuzz", Duration.ofHours(1), Map.of("id_number", nextIdNumber()));
        List<OpenApiFuzz.Finding> findings = new ArrayList<>();
        for (ServiceProcess s : List.of(registration, review, production, notification)) {
            findings.addAll(OpenApiFuzz.run(s.name, s.url(), "http://127.0.0.1:" + s.managementPort, everything));
        }
        System.out.println("OpenAPI fuzzing: " + OpenApiFuzz.sent() + " hostile requests, " + findings.size() + " answered badly");
        assertEquals(List.of(), findings.stream().map(Object::toString).toList(), "answered badly");
        for (ServiceProcess s : List.of(registration, review, production, notification)) {
            s.awaitReady();
        }
    }
}
