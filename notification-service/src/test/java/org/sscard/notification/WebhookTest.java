package org.sscard.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.events.Topics;
import org.sscard.infra.DevTokens;
import org.sscard.infra.InfraTestResource;
import org.sscard.infra.KafkaTestClient;
import org.sscard.infra.TestCreditCodes;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signed callbacks to an HR system, received by a real HTTP server on loopback that checks each signature the way
 * docs/services/notification.md tells an employer to: HMAC-SHA256 of timestamp + "." + body, and a fresh timestamp.
 */
@QuarkusTest
@QuarkusTestResource(InfraTestResource.class)
class WebhookTest {
    static final String MASKED = "110***********002X";
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "DEVELOPMENT-ONLY-callback-secret-0123456789";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    HttpServer receiver;
    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    final List<String> refused = new CopyOnWriteArrayList<>();
    /** How many more callbacks of a type the receiver answers 503 before it takes them. */
    final Map<String, AtomicInteger> failNext = new ConcurrentHashMap<>();

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String body = new String(raw, StandardCharsets.UTF_8);
            String ts = exchange.getRequestHeaders().getFirst("X-Sscard-Timestamp");
            String sig = exchange.getRequestHeaders().getFirst("X-Sscard-Signature");
            String type = exchange.getRequestHeaders().getFirst("X-Sscard-Event");
            int status;
            if (!signedFreshly(ts, sig, body)) {
                refused.add(body);
                status = 401;
            } else if (failNext.getOrDefault(type, new AtomicInteger()).getAndDecrement() > 0) {
                status = 503;
            } else {
                received.add(JSON.readTree(body));
                status = 204;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    /** The receiver's check, written from the documentation rather than with the platform's own code. */
    static boolean signedFreshly(String ts, String signature, String body) {
        try {
            if (ts == null || signature == null || Math.abs(Instant.now().getEpochSecond() - Long.parseLong(ts)) > 300) {
                return false;
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal((ts + "." + body).getBytes(StandardCharsets.UTF_8)));
            return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            return false;
        }
    }

    String url() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    static String employer() {
        return TestCreditCodes.withCheckCharacter("91110105" + String.format("%09d", ThreadLocalRandom.current().nextInt(1_000_000_000)));
    }

    static String registration(String url, String secret) {
        return "{\"url\":\"" + url + "\",\"secret\":\"" + secret + "\"}";
    }

    JsonNode awaitCallback(String type, String key, String value) {
        await().atMost(Duration.ofSeconds(30)).until(() -> received.stream()
                .anyMatch(b -> type.equals(b.get("type").asText()) && value.equals(b.path("data").path(key).asText())));
        return received.stream().filter(b -> type.equals(b.get("type").asText())
                && value.equals(b.path("data").path(key).asText())).findFirst().orElseThrow();
    }

    @Test
    void anHrSystemGetsSignedCallbacksForItsRosterItsEmployeesAndTheirCardsRetriedUntilTaken() {
        String code = employer();
        String hr = DevTokens.token("employer", code);
        given().auth().oauth2(hr).contentType(ContentType.JSON).body(registration(url(), SECRET)).put("/api/v1/webhook")
                .then().statusCode(200).body("url", equalTo(url())).body("secret", org.hamcrest.Matchers.nullValue());

        String app = UUID.randomUUID().toString();
        String rejectedApp = UUID.randomUUID().toString();
        String roster = UUID.randomUUID().toString();
        failNext.put("employee.approved", new AtomicInteger(2)); // the HR system is down for the first two tries
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        for (String a : List.of(app, rejectedApp)) {
            kafka.send(Topics.APPLICATIONS, KafkaTestClient.envelope(EventTypes.APPLICATION_SUBMITTED, a, "registration-service",
                    new Payloads.ApplicationSubmitted(a, null, "EMPLOYEE", "EMPLOYER", "张三", "11010519491231002X", MASKED,
                            "13800138000", "110105-001", "110105", "zh", code, null, null)));
        }
        // the employer of an application is learnt from its submission, which comes first in real life
        for (String a : List.of(app, rejectedApp)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(DevTokens.token("operations", "ops"))
                    .queryParam("applicationId", a).get("/api/v1/events").then().extract().jsonPath()
                    .getList("type").contains(EventTypes.APPLICATION_SUBMITTED));
        }
        kafka.send(Topics.ROSTERS, KafkaTestClient.envelope(EventTypes.ROSTER_PROCESSED, roster, "registration-service",
                new Payloads.RosterProcessed(roster, code, "COMPLETED", 3, 2, 1, 0, 0,
                        "/api/v1/rosters/" + roster + "/rejected-rows", null)));
        kafka.send(Topics.REVIEWS, KafkaTestClient.envelope(EventTypes.APPLICATION_APPROVED, app, "review-service",
                new Payloads.ApplicationApproved(app, "rv", null, "EMPLOYEE", "x", "x", MASKED, "110105-001", "110105",
                        "policy", null, code)));
        kafka.send(Topics.REVIEWS, KafkaTestClient.envelope(EventTypes.APPLICATION_REJECTED, rejectedApp, "review-service",
                new Payloads.ApplicationRejected(rejectedApp, "rv", null, MASKED, List.of(new Payloads.Reason(
                        "PHOTO_SPEC", "照片不符合要求", "The photo does not meet the specification")), "retake", "rita")));
        kafka.send(Topics.CARDS, KafkaTestClient.envelope(EventTypes.CARD_READY_FOR_COLLECTION, app, "card-production-service",
                new Payloads.CardReadyForCollection(app, "AB1234567", null, MASKED, "110105-001")));

        JsonNode processed = awaitCallback("roster.processed", "rosterId", roster);
        assertEquals(2, processed.path("data").path("accepted").asInt());
        assertTrue(processed.path("data").path("results").asText().endsWith("/api/v1/rosters/" + roster + "/results"));
        JsonNode rejected = awaitCallback("employee.rejected", "applicationId", rejectedApp);
        assertEquals("PHOTO_SPEC", rejected.path("data").path("reasons").get(0).path("code").asText());
        assertEquals(MASKED, rejected.path("data").path("maskedIdNumber").asText());
        JsonNode ready = awaitCallback("card.ready", "applicationId", app);
        assertEquals("AB*****67", ready.path("data").path("maskedCardNumber").asText());
        assertEquals("110105-001", ready.path("data").path("outletCode").asText());
        JsonNode approved = awaitCallback("employee.approved", "applicationId", app);
        assertEquals(code, approved.get("employerId").asText());
        assertEquals(List.of(), refused, "every callback was signed");
        assertTrue(received.stream().noneMatch(b -> b.toString().contains("11010519491231002X")), "no full ID number");

        // the delivery log: the approval took three tries, everything is delivered once
        given().auth().oauth2(hr).get("/api/v1/webhook/deliveries").then().statusCode(200)
                .body("find { it.type == 'employee.approved' }.attempts", equalTo(3))
                .body("find { it.type == 'employee.approved' }.lastStatus", equalTo(204))
                .body("status", org.hamcrest.Matchers.everyItem(equalTo("DELIVERED")))
                .body("size()", equalTo(4));
        assertEquals(1, received.stream().filter(b -> "employee.approved".equals(b.get("type").asText())).count());

        // re-delivery on request: the same body and id, signed afresh
        String delivery = approved.get("id").asText();
        given().auth().oauth2(hr).post("/api/v1/webhook/deliveries/" + delivery + "/redelivery").then().statusCode(202)
                .body("status", equalTo("PENDING"));
        await().atMost(Duration.ofSeconds(30)).until(() -> received.stream()
                .filter(b -> delivery.equals(b.get("id").asText())).count() == 2);

        // another employer sees none of it; staff name the employer
        String other = DevTokens.token("employer", employer());
        given().auth().oauth2(other).post("/api/v1/webhook/deliveries/" + delivery + "/redelivery").then().statusCode(404);
        given().auth().oauth2(other).get("/api/v1/webhook").then().statusCode(404);
        given().auth().oauth2(DevTokens.token("operations", "ops")).queryParam("employerId", code)
                .get("/api/v1/webhook/deliveries").then().statusCode(200).body("id", hasItem(delivery));
        given().auth().oauth2(DevTokens.token("operations", "ops")).get("/api/v1/webhook/deliveries").then()
                .statusCode(400).body("code", equalTo("EMPLOYER_ID_REQUIRED"));
        given().when().get("/q/metrics").then().body(containsString("sscard_webhook_callbacks_delivered_total"));
    }

    @Test
    void aBadEndpointIsRefusedAndAWrongSecretOrADeadEndpointIsGivenUpNotLost() {
        String code = employer();
        String hr = DevTokens.token("employer", code);
        for (String body : List.of(registration("ftp://127.0.0.1/x", SECRET), registration(url(), "too-short"),
                registration("http://user:pw@127.0.0.1/x", SECRET), registration("not a url", SECRET),
                registration("https://hr.example.com/callbacks", SECRET), // the tests call nothing off this machine
                registration(url(), "has spaces in it and is long enough to pass"))) {
            given().auth().oauth2(hr).contentType(ContentType.JSON).body(body).put("/api/v1/webhook").then()
                    .statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(DevTokens.token("applicant", "a")).contentType(ContentType.JSON)
                .body(registration(url(), SECRET)).put("/api/v1/webhook").then().statusCode(403);

        // signed with another secret: the receiver refuses every try, and the callback is kept as GAVE_UP
        given().auth().oauth2(hr).contentType(ContentType.JSON)
                .body(registration(url(), "ANOTHER-development-secret-that-the-hr-system-does-not-know"))
                .put("/api/v1/webhook").then().statusCode(200);
        given().auth().oauth2(hr).post("/api/v1/webhook/ping").then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> "GAVE_UP".equals(given().auth().oauth2(hr)
                .get("/api/v1/webhook/deliveries").then().extract().path("[0].status")));
        given().auth().oauth2(hr).get("/api/v1/webhook/deliveries").then()
                .body("[0].type", equalTo("ping")).body("[0].lastStatus", equalTo(401))
                .body("[0].attempts", equalTo(4)); // sscard.webhooks.max-attempts of the tests
        assertTrue(refused.size() >= 4, "each try reached the receiver and was refused");

        // the secret is fixed, the callback sent again and taken
        given().auth().oauth2(hr).contentType(ContentType.JSON).body(registration(url(), SECRET))
                .put("/api/v1/webhook").then().statusCode(200);
        String id = given().auth().oauth2(hr).get("/api/v1/webhook/deliveries").then().extract().path("[0].id");
        given().auth().oauth2(hr).post("/api/v1/webhook/deliveries/" + id + "/redelivery").then().statusCode(202);
        awaitCallback("ping", "message", "a test callback");

        given().auth().oauth2(hr).delete("/api/v1/webhook").then().statusCode(204);
        given().auth().oauth2(hr).get("/api/v1/webhook").then().statusCode(404);
        given().auth().oauth2(hr).post("/api/v1/webhook/ping").then().statusCode(404);
    }
}
