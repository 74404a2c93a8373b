package org.sscard.review;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.sscard.events.EventEnvelope;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.events.Topics;
import org.sscard.infra.DevTokens;
import org.sscard.infra.InfraTestResource;
import org.sscard.infra.KafkaTestClient;
import org.sscard.platform.crypto.FieldCipher;
import org.sscard.platform.security.BlindIndex;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(InfraTestResource.class)
class ReviewFlowTest {
    static final String ID = "11010519491231002X";
    /** One person per application: the pre-checks reject a second open case for the same ID number. */
    static final java.util.Map<String, String> IDS = new java.util.concurrent.ConcurrentHashMap<>();

    static String idFor(String applicationId) {
        return IDS.computeIfAbsent(applicationId, a -> {
            java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
            String base = "110105" + (1950 + r.nextInt(50)) + String.format("%02d%02d", 1 + r.nextInt(12), 1 + r.nextInt(28))
                    + String.format("%03d", r.nextInt(1000));
            return base + org.sscard.platform.id.CitizenIdNumber.checkCharacter(base);
        });
    }

    @Inject
    EntityManager em;
    @Inject
    FieldCipher cipher;
    @Inject
    BlindIndex index;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static String reviewer(String name) {
        return DevTokens.token("reviewer", name);
    }

    /** Puts an ApplicationSubmitted on the topic, as registration would, and waits for the case. */
    String submitted(String applicationId) {
        EventEnvelope e = KafkaTestClient.envelope(EventTypes.APPLICATION_SUBMITTED, applicationId, "registration-service",
                new Payloads.ApplicationSubmitted(applicationId, "alice", "RESIDENT", "ONLINE", "张三", idFor(applicationId),
                        org.sscard.platform.id.CitizenIdNumber.mask(idFor(applicationId)), "13800138000", "110105-001", "110105", "zh"));
        new KafkaTestClient(bootstrap).send(Topics.APPLICATIONS, e);
        return awaitReview(applicationId);
    }

    String awaitReview(String applicationId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(reviewer("r1"))
                .queryParam("applicationId", applicationId).get("/api/v1/reviews")
                .then().extract().jsonPath().getList("$").size() == 1);
        return given().auth().oauth2(reviewer("r1")).queryParam("applicationId", applicationId)
                .get("/api/v1/reviews").then().statusCode(200).extract().path("[0].id");
    }

    @Test
    void submittedApplicationOpensACaseThatIsClaimedAndApprovedWithAnEventThroughTheOutbox() {
        String app = UUID.randomUUID().toString();
        String review = submitted(app);
        given().auth().oauth2(reviewer("r1")).queryParam("status", "OPEN").get("/api/v1/reviews")
                .then().statusCode(200).body("id", hasItem(review))
                .body("find { it.id == '" + review + "' }.idNumber", nullValue())
                .body("find { it.id == '" + review + "' }.maskedIdNumber",
                        equalTo(org.sscard.platform.id.CitizenIdNumber.mask(idFor(app))));

        given().auth().oauth2(reviewer("r1")).post("/api/v1/reviews/" + review + "/claim")
                .then().statusCode(200).body("status", equalTo("CLAIMED")).body("claimedBy", equalTo("r1"))
                .body("idNumber", equalTo(idFor(app)));
        given().auth().oauth2(reviewer("r1")).contentType(ContentType.JSON)
                .body("{\"outcome\":\"APPROVE\",\"comment\":\"all fine\"}")
                .post("/api/v1/reviews/" + review + "/decision")
                .then().statusCode(200).body("status", equalTo("DECIDED")).body("outcome", equalTo("APPROVE"));

        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        await().atMost(Duration.ofSeconds(20)).until(() -> !kafka.events(Topics.REVIEWS, app).isEmpty());
        List<EventEnvelope> events = kafka.events(Topics.REVIEWS, app);
        assertEquals(1, events.size());
        assertEquals(EventTypes.APPLICATION_APPROVED, events.get(0).type());
        assertEquals("review-service", events.get(0).producer());
        assertEquals(app, events.get(0).payload().get("applicationId").asText());
        // the name and ID number travel sealed; review keeps them sealed too, and finds the person by blind index
        String sealed = events.get(0).payload().get("idNumber").asText();
        assertTrue(sealed.startsWith(cipher.activeTextPrefix()), sealed);
        assertEquals(idFor(app), cipher.decrypt(sealed));
        Object[] stored = (Object[]) QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select id_number, name, id_number_index from review_task where application_id = ?1")
                .setParameter(1, java.util.UUID.fromString(app)).getSingleResult());
        assertEquals(idFor(app), cipher.decrypt((String) stored[0]));
        assertTrue(((String) stored[1]).startsWith("ENC1."), "name sealed");
        assertEquals(index.ofIdNumber(idFor(app)), stored[2]);

        given().auth().oauth2(reviewer("r1")).get("/api/v1/reviews/" + review + "/audit")
                .then().statusCode(200).body("action", equalTo(List.of("OPENED", "CLAIMED", "DECIDED")))
                .body("[2].actor", equalTo("r1"));
    }

    @Test
    void rejectionCarriesTheReasonsInBothLanguages() {
        String app = UUID.randomUUID().toString();
        String review = submitted(app);
        given().auth().oauth2(reviewer("r2")).post("/api/v1/reviews/" + review + "/claim").then().statusCode(200);
        given().auth().oauth2(reviewer("r2")).contentType(ContentType.JSON)
                .body("{\"outcome\":\"REJECT\",\"reasonCodes\":[\"PHOTO_NOT_COMPLIANT\",\"MATERIALS_INCOMPLETE\"],\"comment\":\"retake the photo\"}")
                .post("/api/v1/reviews/" + review + "/decision")
                .then().statusCode(200).body("reasons.code", containsInAnyOrder("PHOTO_NOT_COMPLIANT", "MATERIALS_INCOMPLETE"));
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        await().atMost(Duration.ofSeconds(20)).until(() -> !kafka.events(Topics.REVIEWS, app).isEmpty());
        EventEnvelope e = kafka.events(Topics.REVIEWS, app).get(0);
        assertEquals(EventTypes.APPLICATION_REJECTED, e.type());
        assertTrue(e.payload().get("reasons").get(0).get("messageZh").asText().length() > 0);
        assertTrue(e.payload().get("reasons").get(0).get("messageEn").asText().length() > 0);
        assertTrue(e.payload().get("idNumber") == null, "a rejection does not carry the full ID number");
    }

    @Test
    void twoReviewersRacingForOneCaseOneWinsTheOtherGets409() throws Exception {
        String review = submitted(UUID.randomUUID().toString());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Integer> a = () -> given().auth().oauth2(reviewer("ra")).post("/api/v1/reviews/" + review + "/claim").statusCode();
            Callable<Integer> b = () -> given().auth().oauth2(reviewer("rb")).post("/api/v1/reviews/" + review + "/claim").statusCode();
            Future<Integer> fa = pool.submit(a);
            Future<Integer> fb = pool.submit(b);
            List<Integer> codes = List.of(fa.get(), fb.get());
            assertTrue(codes.contains(200) && codes.contains(409), "one claim wins, one conflicts: " + codes);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void illegalTransitionsAre409Problems() {
        String review = submitted(UUID.randomUUID().toString());
        String approve = "{\"outcome\":\"APPROVE\"}";
        given().auth().oauth2(reviewer("r3")).contentType(ContentType.JSON).body(approve)
                .post("/api/v1/reviews/" + review + "/decision")
                .then().statusCode(409).contentType("application/problem+json").body("code", equalTo("REVIEW_NOT_CLAIMED"));
        given().auth().oauth2(reviewer("r3")).post("/api/v1/reviews/" + review + "/claim").then().statusCode(200);
        given().auth().oauth2(reviewer("r4")).contentType(ContentType.JSON).body(approve)
                .post("/api/v1/reviews/" + review + "/decision")
                .then().statusCode(409).body("code", equalTo("REVIEW_NOT_CLAIMED"));
        given().auth().oauth2(reviewer("r3")).contentType(ContentType.JSON).body(approve)
                .post("/api/v1/reviews/" + review + "/decision").then().statusCode(200);
        given().auth().oauth2(reviewer("r3")).contentType(ContentType.JSON).body(approve)
                .post("/api/v1/reviews/" + review + "/decision")
                .then().statusCode(409).body("code", equalTo("REVIEW_ALREADY_DECIDED"));
        given().auth().oauth2(reviewer("r3")).post("/api/v1/reviews/" + review + "/claim")
                .then().statusCode(409).body("code", equalTo("REVIEW_ALREADY_DECIDED"));
    }

    @Test
    void badDecisionsAreRefusedAndChangeNothing() {
        String review = submitted(UUID.randomUUID().toString());
        given().auth().oauth2(reviewer("r5")).post("/api/v1/reviews/" + review + "/claim").then().statusCode(200);
        String path = "/api/v1/reviews/" + review + "/decision";
        given().auth().oauth2(reviewer("r5")).contentType(ContentType.JSON).body("{\"outcome\":\"REJECT\"}")
                .post(path).then().statusCode(422).body("code", equalTo("REASON_REQUIRED"));
        given().auth().oauth2(reviewer("r5")).contentType(ContentType.JSON)
                .body("{\"outcome\":\"REJECT\",\"reasonCodes\":[\"BAD_HAIR_DAY\"]}")
                .post(path).then().statusCode(422).body("code", equalTo("UNKNOWN_REASON_CODE"));
        given().auth().oauth2(reviewer("r5")).contentType(ContentType.JSON).body("{\"outcome\":\"MAYBE\"}")
                .post(path).then().statusCode(400).body("code", equalTo("INVALID_VALUE"));
        given().auth().oauth2(reviewer("r5")).contentType(ContentType.JSON).body("{\"outcome\":")
                .post(path).then().statusCode(400).body("code", equalTo("MALFORMED_JSON"));
        given().auth().oauth2(reviewer("r5")).contentType(ContentType.JSON).body("{}")
                .post(path).then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        given().auth().oauth2(reviewer("r5")).get("/api/v1/reviews/" + review)
                .then().statusCode(200).body("status", equalTo("CLAIMED"));
        given().auth().oauth2(reviewer("r5")).get("/api/v1/reviews/" + UUID.randomUUID())
                .then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void rolesAreEnforced() {
        String review = submitted(UUID.randomUUID().toString());
        given().get("/api/v1/reviews").then().statusCode(401);
        given().auth().oauth2(DevTokens.token("applicant", "alice")).get("/api/v1/reviews").then().statusCode(403);
        given().auth().oauth2(DevTokens.token("operations", "ops")).post("/api/v1/reviews/" + review + "/claim")
                .then().statusCode(403);
        given().auth().oauth2(DevTokens.token("outlet-clerk", "oc")).contentType(ContentType.JSON)
                .body("{\"outcome\":\"APPROVE\"}").post("/api/v1/reviews/" + review + "/decision").then().statusCode(403);
        given().auth().oauth2(DevTokens.token("applicant", "alice")).get("/api/v1/reasons")
                .then().statusCode(200).body("code", hasItem("PHOTO_NOT_COMPLIANT"));
        given().get("/api/v1/reasons").then().statusCode(401);
        given().auth().oauth2(DevTokens.token("applicant", "alice")).get("/api/v1/reviews/" + review)
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(DevTokens.token("employer", "acme")).get("/api/v1/reviews/" + review + "/audit")
                .then().statusCode(403);
        given().auth().oauth2(DevTokens.token("operations", "ops")).get("/api/v1/reviews/" + review + "/audit")
                .then().statusCode(200);
        given().auth().oauth2(DevTokens.token("nobody-role", "x")).get("/api/v1/reviews").then().statusCode(403);
    }

    @Test
    void malformedQueriesAndIdsAreProblemsNotErrors() {
        given().auth().oauth2(reviewer("r1")).queryParam("status", "NOPE").get("/api/v1/reviews")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(reviewer("r1")).queryParam("size", "0").get("/api/v1/reviews")
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        given().auth().oauth2(reviewer("r1")).get("/api/v1/reviews/not-a-uuid")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(reviewer("r1")).post("/api/v1/reviews/" + UUID.randomUUID() + "/claim")
                .then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        given().auth().oauth2(reviewer("r1")).get("/api/v1/reviews/" + UUID.randomUUID() + "/audit")
                .then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void aRedeliveredEventOpensOneCaseAndPoisonGoesToTheDeadLetterTopic() {
        String app = UUID.randomUUID().toString();
        EventEnvelope e = KafkaTestClient.envelope(EventTypes.APPLICATION_SUBMITTED, app, "registration-service",
                new Payloads.ApplicationSubmitted(app, "alice", "RESIDENT", "ONLINE", "张三", idFor(app),
                        "110***********002X", "13800138000", "110105-001", "110105", "zh"));
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        kafka.send(Topics.APPLICATIONS, e);
        kafka.send(Topics.APPLICATIONS, "poison-" + app, "{not json");
        kafka.send(Topics.APPLICATIONS, "poison2-" + app, KafkaTestClient.json(
                KafkaTestClient.envelope("ApplicationTeleported", app, "x", java.util.Map.of())));
        kafka.send(Topics.APPLICATIONS, e);
        String next = UUID.randomUUID().toString();
        submitted(next); // the partition keeps flowing after the poison
        awaitReview(app);
        given().auth().oauth2(reviewer("r1")).queryParam("applicationId", app).get("/api/v1/reviews")
                .then().body("$", hasSize(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> kafka.matching(Topics.deadLetter("review-service"),
                r -> r.key() != null && r.key().endsWith(app)).size() == 2);
        var dead = kafka.matching(Topics.deadLetter("review-service"), r -> r.key() != null && r.key().endsWith(app));
        List<String> reasons = dead.stream().map(r -> KafkaTestClient.header(r, "dead-letter-reason")).toList();
        assertTrue(reasons.stream().anyMatch(r -> r.contains("malformed JSON")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.contains("unknown event type")), reasons.toString());
    }

    @Test
    void swaggerAndHealth() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/reviews/{id}/decision"));
        given().get("/q/health/ready").then().statusCode(200);
    }
}
