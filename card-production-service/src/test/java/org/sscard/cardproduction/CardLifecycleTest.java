package org.sscard.cardproduction;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sscard.events.EventEnvelope;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.events.Topics;
import org.sscard.infra.DevFaceProvider;
import org.sscard.infra.DevTokens;
import org.sscard.infra.InfraTestResource;
import org.sscard.infra.KafkaTestClient;
import org.sscard.platform.id.CitizenIdNumber;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The card's life after production, on real PostgreSQL and Kafka, with a clock the test moves. */
@QuarkusTest
@QuarkusTestResource(InfraTestResource.class)
class CardLifecycleTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    TestClock clock;

    static final String CLERK = DevTokens.clerk("clerk-lc", "110105-001");

    @AfterEach
    void realTime() {
        clock.reset();
    }

    record Holder(String subject, String token, String idNumber, String app) {
    }

    static Holder newHolder() {
        String subject = "holder-" + UUID.randomUUID().toString().substring(0, 8);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String base = "110105" + (1950 + r.nextInt(50)) + String.format("%02d%02d", 1 + r.nextInt(12), 1 + r.nextInt(28))
                + String.format("%03d", r.nextInt(1000));
        String idNumber = base + CitizenIdNumber.checkCharacter(base);
        return new Holder(subject, DevTokens.tokenWithIdNumber("applicant", subject, idNumber), idNumber,
                UUID.randomUUID().toString());
    }

    /** A card approved, printed and ready at the outlet. */
    String ready(Holder h, String employerId) {
        new KafkaTestClient(bootstrap).send(Topics.REVIEWS, KafkaTestClient.envelope(EventTypes.APPLICATION_APPROVED, h.app(),
                "review-service", new Payloads.ApplicationApproved(h.app(), "rv", h.subject(), "EMPLOYEE", "王小明",
                        h.idNumber(), CitizenIdNumber.mask(h.idNumber()), "110105-001", "110105", "r1", null, employerId)));
        await().atMost(Duration.ofSeconds(30)).until(() -> "READY_FOR_COLLECTION".equals(given().auth().oauth2(CLERK)
                .queryParam("applicationId", h.app()).get("/api/v1/cards").then().extract().path("[0].status")));
        return given().auth().oauth2(CLERK).queryParam("applicationId", h.app()).get("/api/v1/cards")
                .then().extract().path("[0].cardNumber");
    }

    /** Collected by the holder and activated online. */
    String active(Holder h) {
        String card = ready(h, null);
        post(CLERK, card, "collection", "{\"idNumber\":\"" + h.idNumber() + "\"}").statusCode(200);
        post(h.token(), card, "activation", null).statusCode(200).body("status", equalTo("ACTIVE"));
        return card;
    }

    static ValidatableResponse post(String token, String card, String action, String body) {
        var req = given().auth().oauth2(token);
        if (body != null) {
            req = req.contentType(ContentType.JSON).body(body);
        }
        return req.post("/api/v1/cards/" + card + "/" + action).then();
    }

    static String status(String card) {
        return given().auth().oauth2(CLERK).get("/api/v1/cards/" + card).then().extract().path("status");
    }

    List<String> lifecycleEvents(String app) {
        return new KafkaTestClient(bootstrap).events(Topics.CARDS, app).stream().map(EventEnvelope::type).toList();
    }

    @Inject
    org.sscard.platform.security.BlindIndex index;
    @Inject
    org.sscard.platform.crypto.FieldCipher cipher;
    @Inject
    jakarta.persistence.EntityManager em;

    @Test
    void aGuardianReachesAChildsCardThroughTheHolderKeysAndTheCardIsStoredSealed() {
        Holder child = newHolder();
        Holder guardian = newHolder();
        new KafkaTestClient(bootstrap).send(Topics.REVIEWS, KafkaTestClient.envelope(EventTypes.APPLICATION_APPROVED,
                child.app(), "review-service", new Payloads.ApplicationApproved(child.app(), "rv", guardian.subject(),
                        "CHILD", cipher.encrypt("王小宝"), cipher.encrypt(child.idNumber()),
                        CitizenIdNumber.mask(child.idNumber()), "110105-001", "110105", "r1", null, null,
                        List.of(index.ofIdNumber(child.idNumber()), index.ofIdNumber(guardian.idNumber())))));
        await().atMost(Duration.ofSeconds(30)).until(() -> "READY_FOR_COLLECTION".equals(given().auth().oauth2(CLERK)
                .queryParam("applicationId", child.app()).get("/api/v1/cards").then().extract().path("[0].status")));
        String card = given().auth().oauth2(CLERK).queryParam("applicationId", child.app()).get("/api/v1/cards")
                .then().extract().path("[0].cardNumber");
        // the name and ID number opened from the event, and sealed again at rest
        given().auth().oauth2(CLERK).get("/api/v1/cards/" + card).then().statusCode(200).body("name", equalTo("王小宝"));
        Object[] stored = (Object[]) io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> em
                .createNativeQuery("select name, id_number from card where card_number = ?1").setParameter(1, card)
                .getSingleResult());
        assertTrue(((String) stored[0]).startsWith(cipher.activeTextPrefix()) && !stored[1].equals(child.idNumber()));
        // the guardian, the child, nobody else
        given().auth().oauth2(guardian.token()).get("/api/v1/cards/" + card).then().statusCode(200);
        given().auth().oauth2(child.token()).get("/api/v1/cards/" + card).then().statusCode(200);
        given().auth().oauth2(newHolder().token()).get("/api/v1/cards/" + card).then().statusCode(404);
        post(CLERK, card, "collection", "{\"idNumber\":\"" + child.idNumber() + "\"}").statusCode(200);
        post(newHolder().token(), card, "activation", null).statusCode(404);
        post(guardian.token(), card, "activation", null).statusCode(200).body("status", equalTo("ACTIVE"));
    }

    @Test
    void aProxyCollectsWithBothIdNumbersAndAnAuthorisation() {
        Holder h = newHolder();
        String card = ready(h, null);
        String proxyId = newHolder().idNumber();
        post(CLERK, card, "collection", "{\"mode\":\"PROXY\",\"idNumber\":\"" + h.idNumber() + "\",\"proxyIdNumber\":\""
                + proxyId + "\",\"proxyName\":\"李四\"}")
                .statusCode(422).body("code", equalTo("AUTHORISATION_REQUIRED"));
        post(CLERK, card, "collection", "{\"mode\":\"PROXY\",\"idNumber\":\"" + h.idNumber() + "\",\"proxyIdNumber\":\""
                + h.idNumber() + "\",\"proxyName\":\"李四\",\"authorisationRef\":\"AUTH-1\"}")
                .statusCode(422).body("code", equalTo("PROXY_ID_INVALID"));
        post(CLERK, card, "collection", "{\"mode\":\"PROXY\",\"idNumber\":\"" + h.idNumber() + "\",\"proxyIdNumber\":\""
                + proxyId + "\",\"proxyName\":\"李四\",\"authorisationRef\":\"AUTH-1\"}")
                .statusCode(200).body("collectionMode", equalTo("PROXY")).body("status", equalTo("ISSUED_SEALED"))
                .body(not(containsString(proxyId)));
    }

    @Test
    void theEmployerCollectsForItsStaffButNotForOthers() {
        Holder h = newHolder();
        String card = ready(h, "91350100M000100Y43");
        post(CLERK, card, "collection", "{\"mode\":\"EMPLOYER\",\"employerId\":\"91110000000000000X\"}")
                .statusCode(422).body("code", equalTo("EMPLOYER_MISMATCH"));
        given().auth().oauth2(DevTokens.token("employer", "91350100M000100Y43")).get("/api/v1/cards/" + card)
                .then().statusCode(200);
        given().auth().oauth2(DevTokens.token("employer", "91110000000000000X")).get("/api/v1/cards/" + card)
                .then().statusCode(404);
        post(CLERK, card, "collection", "{\"mode\":\"EMPLOYER\",\"employerId\":\"91350100M000100Y43\"}")
                .statusCode(200).body("collectionMode", equalTo("EMPLOYER"));
        Holder other = newHolder();
        String personal = ready(other, null);
        post(CLERK, personal, "collection", "{\"mode\":\"EMPLOYER\",\"employerId\":\"91350100M000100Y43\"}")
                .statusCode(422).body("code", equalTo("NOT_AN_EMPLOYER_CARD"));
    }

    @Test
    void pinRulesLockoutRateLimitAndResetAtTheOutlet() {
        Holder h = newHolder();
        String card = ready(h, null);
        post(CLERK, card, "collection", "{\"idNumber\":\"" + h.idNumber() + "\"}").statusCode(200);
        post(h.token(), card, "pin", "{\"pin\":\"135790\"}").statusCode(409).body("code", equalTo("CARD_NOT_ACTIVE"));
        post(DevTokens.token("reviewer", "r"), card, "activation", null).statusCode(403);
        post(h.token(), card, "activation", null).statusCode(200);
        post(h.token(), card, "activation", null).statusCode(409).body("detail", containsString("ACTIVE"));

        post(h.token(), card, "pin", "{\"pin\":\"123456\"}").statusCode(422).body("code", equalTo("PIN_NOT_ALLOWED"))
                .body("detail", containsString("run"));
        post(h.token(), card, "pin", "{\"pin\":\"987654\"}").statusCode(422).body("detail", containsString("run"));
        post(h.token(), card, "pin", "{\"pin\":\"111111\"}").statusCode(422).body("detail", containsString("repeat"));
        post(h.token(), card, "pin", "{\"pin\":\"12a456\"}").statusCode(422).body("detail", containsString("6 digits"));
        // the last six digits of the ID number are taken from it
        String fromId = h.idNumber().substring(8, 14);
        if (fromId.chars().distinct().count() > 1) {
            post(h.token(), card, "pin", "{\"pin\":\"" + fromId + "\"}").statusCode(422)
                    .body("detail", containsString("ID number"));
        }
        post(h.token(), card, "pin", "{\"pin\":\"135790\"}").statusCode(204);
        post(h.token(), card, "pin", "{\"pin\":\"246801\"}").statusCode(409).body("code", equalTo("PIN_ALREADY_SET"));
        post(CLERK, card, "pin", "{\"pin\":\"246801\"}").statusCode(403);
        post(h.token(), card, "pin/verification", "{\"pin\":\"135790\"}").statusCode(204);

        // two wrong tries, each followed by a refused immediate retry; a right PIN then clears the count
        for (int i = 1; i <= 2; i++) {
            post(h.token(), card, "pin/verification", "{\"pin\":\"000001\"}").statusCode(422)
                    .body("code", equalTo("PIN_INCORRECT")).body("detail", containsString((6 - i) + " tries left"));
            post(h.token(), card, "pin/verification", "{\"pin\":\"135790\"}").statusCode(429)
                    .body("code", equalTo("PIN_TRY_TOO_SOON"));
            clock.advance(Duration.ofSeconds(3));
        }
        post(h.token(), card, "pin/verification", "{\"pin\":\"135790\"}").statusCode(204);
        // six consecutive wrong tries lock the card
        for (int i = 1; i <= 6; i++) {
            post(h.token(), card, "pin/verification", "{\"pin\":\"000001\"}").statusCode(422)
                    .body("detail", containsString(i == 6 ? "now locked" : (6 - i) + " tries left"));
            clock.advance(Duration.ofSeconds(3));
        }
        post(h.token(), card, "pin/verification", "{\"pin\":\"135790\"}").statusCode(409).body("code", equalTo("CARD_LOCKED"));
        post(h.token(), card, "activation", null).statusCode(409).body("code", equalTo("CARD_NOT_SEALED"));
        given().auth().oauth2(CLERK).get("/api/v1/cards/" + card).then()
                .body("status", equalTo("LOCKED")).body("pinFailedAttempts", equalTo(6));

        post(CLERK, card, "pin/reset", "{\"idNumber\":\"110105194912310021\",\"newPin\":\"864209\"}")
                .statusCode(422).body("code", equalTo("ID_NUMBER_MISMATCH"));
        post(CLERK, card, "pin/reset", "{\"idNumber\":\"" + h.idNumber() + "\",\"newPin\":\"864209\"}")
                .statusCode(200).body("status", equalTo("ACTIVE")).body("pinFailedAttempts", equalTo(0));
        post(h.token(), card, "pin/verification", "{\"pin\":\"864209\"}").statusCode(204);
        post(h.token(), card, "pin/change", "{\"oldPin\":\"864209\",\"newPin\":\"975318\"}").statusCode(204);
        post(h.token(), card, "pin/verification", "{\"pin\":\"975318\"}").statusCode(204);

        await().atMost(Duration.ofSeconds(20)).until(() -> lifecycleEvents(h.app()).containsAll(List.of(
                EventTypes.CARD_ACTIVATED, EventTypes.CARD_PIN_SET, EventTypes.CARD_LOCKED, EventTypes.CARD_UNLOCKED)));
        new KafkaTestClient(bootstrap).events(Topics.CARDS, h.app()).forEach(e ->
                assertTrue(!e.payload().toString().contains("864209") && !e.payload().toString().contains(h.idNumber()),
                        "no PIN or ID number in events"));
    }

    @Test
    void parallelWrongPinsAreEvaluatedOneAtATimeAndLockTheCardAfterExactlySixTries() throws Exception {
        Holder h = newHolder();
        String card = active(h);
        post(h.token(), card, "pin", "{\"pin\":\"135790\"}").statusCode(204);
        java.util.Map<String, Integer> answers = new java.util.concurrent.ConcurrentHashMap<>();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(20);
        try {
            // waves of twenty parallel guesses, each wave after the retry delay, until the card is locked
            for (int wave = 0; wave < 12 && !"LOCKED".equals(status(card)); wave++) {
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<?>> guesses = new java.util.ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    guesses.add(pool.submit(() -> {
                        start.await();
                        var r = post(h.token(), card, "pin/verification", "{\"pin\":\"000001\"}").extract();
                        answers.merge(r.statusCode() + " " + r.path("code"), 1, Integer::sum);
                        return null;
                    }));
                }
                start.countDown();
                for (var g : guesses) {
                    g.get(60, java.util.concurrent.TimeUnit.SECONDS);
                }
                clock.advance(Duration.ofSeconds(3));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(6, answers.getOrDefault("422 PIN_INCORRECT", 0), "exactly six guesses evaluated: " + answers);
        assertTrue(answers.keySet().stream().allMatch(k -> k.equals("422 PIN_INCORRECT") || k.equals("429 PIN_TRY_TOO_SOON")
                || k.equals("409 CARD_LOCKED")), "every other guess refused unevaluated: " + answers);
        given().auth().oauth2(CLERK).get("/api/v1/cards/" + card).then()
                .body("status", equalTo("LOCKED")).body("pinFailedAttempts", equalTo(6));
    }

    @Test
    void aTemporaryLossLiftsItselfAfterSevenDaysOrEarlierByTheHolder() {
        Holder h = newHolder();
        String card = active(h);
        post(h.token(), card, "temporary-loss", null).statusCode(200).body("status", equalTo("TEMP_LOST"))
                .body("temporaryLossUntil", notNullValue());
        post(h.token(), card, "pin", "{\"pin\":\"135790\"}").statusCode(409);
        post(h.token(), card, "activation", null).statusCode(409).body("detail", containsString("TEMP_LOST"));
        given().auth().oauth2(h.token()).delete("/api/v1/cards/" + card + "/temporary-loss")
                .then().statusCode(200).body("status", equalTo("ACTIVE"));
        given().auth().oauth2(h.token()).delete("/api/v1/cards/" + card + "/temporary-loss")
                .then().statusCode(409).body("code", equalTo("CARD_NOT_TEMPORARILY_LOST"));

        post(DevTokens.token("bank", "icbc"), card, "temporary-loss", null).statusCode(200);
        clock.advance(Duration.ofDays(6));
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertTrue("TEMP_LOST".equals(status(card)), "still lost on day 6");
        clock.advance(Duration.ofDays(2));
        await().atMost(Duration.ofSeconds(20)).until(() -> "ACTIVE".equals(status(card)));
        await().atMost(Duration.ofSeconds(20)).until(() -> new KafkaTestClient(bootstrap).events(Topics.CARDS, h.app())
                .stream().anyMatch(e -> e.type().equals(EventTypes.CARD_LOSS_LIFTED)
                        && "EXPIRED".equals(e.payload().get("reason").asText())));
    }

    @Test
    void aClerkHandsOverOnlyAtTheirOutletAndEveryCounterActNamesTheOutlet() {
        Holder h = newHolder();
        String card = ready(h, null);
        String elsewhere = DevTokens.clerk("clerk-wangjing", "110105-002");
        String nowhere = DevTokens.token("outlet-clerk", "clerk-nowhere");
        String id = "{\"idNumber\":\"" + h.idNumber() + "\"}";
        post(elsewhere, card, "collection", id).statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("CARD_AT_ANOTHER_OUTLET")).body("detail", containsString("110105-001"));
        post(nowhere, card, "collection", id).statusCode(403).body("code", equalTo("OUTLET_NOT_ASSIGNED"));
        post(DevTokens.clerk("clerk-odd", "x"), card, "collection", id).statusCode(403)
                .body("code", equalTo("OUTLET_NOT_ASSIGNED"));
        assertEquals("READY_FOR_COLLECTION", status(card));
        post(CLERK, card, "collection", id).statusCode(200).body("status", equalTo("ISSUED_SEALED"));
        post(h.token(), card, "activation", null).statusCode(200);

        // the holder may bring card and ID to any outlet for a PIN reset or a replacement; a clerk acts at their own
        String reset = "{\"idNumber\":\"" + h.idNumber() + "\",\"newPin\":\"864209\"}";
        post(nowhere, card, "pin/reset", reset).statusCode(403).body("code", equalTo("OUTLET_NOT_ASSIGNED"));
        post(elsewhere, card, "pin/reset", reset).statusCode(200);
        post(nowhere, card, "formal-loss", id).statusCode(403).body("code", equalTo("OUTLET_NOT_ASSIGNED"));
        post(elsewhere, card, "formal-loss", id).statusCode(200);
        String replacement = post(elsewhere, card, "replacement", "{\"reason\":\"LOST\",\"idNumber\":\"" + h.idNumber()
                + "\"}").statusCode(201).body("outletCode", equalTo("110105-002")).extract().path("cardNumber");
        await().atMost(Duration.ofSeconds(30)).until(() -> "READY_FOR_COLLECTION".equals(status(replacement)));
        post(CLERK, replacement, "collection", id).statusCode(403).body("code", equalTo("CARD_AT_ANOTHER_OUTLET"));
        post(elsewhere, replacement, "collection", id).statusCode(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> lifecycleEvents(h.app()).contains(EventTypes.CARD_SUPERSEDED));
        List<EventEnvelope> events = new KafkaTestClient(bootstrap).events(Topics.CARDS, h.app());
        for (String type : List.of(EventTypes.CARD_PIN_SET, EventTypes.CARD_REPORTED_LOST,
                EventTypes.CARD_REPLACEMENT_REQUESTED)) {
            assertTrue(events.stream().anyMatch(e -> type.equals(e.type())
                    && "110105-002".equals(e.payload().path("atOutlet").asText())), type + " names the outlet");
        }
        assertTrue(events.stream().filter(e -> EventTypes.CARD_ACTIVATED.equals(e.type()))
                .noneMatch(e -> e.payload().hasNonNull("atOutlet")), "the holder activated online, at no outlet");
    }

    @Test
    void aCardLeftAtTheOutletIsRemindedOfThenReturnedAndSentOutAgainWhenTheHolderAsks() {
        Holder h = newHolder();
        String card = ready(h, null);
        String id = "{\"idNumber\":\"" + h.idNumber() + "\"}";
        clock.advance(Duration.ofDays(15));
        await().atMost(Duration.ofSeconds(20)).until(() -> lifecycleEvents(h.app()).contains(EventTypes.CARD_COLLECTION_REMINDER));
        clock.advance(Duration.ofDays(14));
        await().atMost(Duration.ofSeconds(20)).until(() -> lifecycleEvents(h.app()).stream()
                .filter(EventTypes.CARD_COLLECTION_REMINDER::equals).count() == 2);
        given().auth().oauth2(h.token()).get("/api/v1/cards/" + card).then()
                .body("status", equalTo("READY_FOR_COLLECTION")).body("collectionReminders", equalTo(2));
        post(h.token(), card, "redispatch", null).statusCode(409).body("code", equalTo("CARD_NOT_RETURNED"));

        clock.advance(Duration.ofDays(152)); // 181 days after it became ready
        await().atMost(Duration.ofSeconds(20)).until(() -> "RETURNED".equals(status(card)));
        post(CLERK, card, "collection", id).statusCode(409).body("code", equalTo("CARD_NOT_READY_FOR_COLLECTION"));
        List<EventEnvelope> events = new KafkaTestClient(bootstrap).events(Topics.CARDS, h.app());
        EventEnvelope reminder = events.stream().filter(e -> EventTypes.CARD_COLLECTION_REMINDER.equals(e.type()))
                .findFirst().orElseThrow();
        assertEquals("REMINDER_1", reminder.payload().get("reason").asText());
        assertTrue(reminder.payload().get("until").asText().length() >= 10, "the reminder says until when");
        await().atMost(Duration.ofSeconds(20)).until(() -> lifecycleEvents(h.app()).contains(EventTypes.CARD_RETURNED));

        // only the holder (or an administrator) asks for it again; it waits at the outlet afresh
        post(newHolder().token(), card, "redispatch", null).statusCode(404);
        post(CLERK, card, "redispatch", null).statusCode(403);
        post(h.token(), card, "redispatch", null).statusCode(200).body("status", equalTo("READY_FOR_COLLECTION"))
                .body("collectionReminders", equalTo(0));
        await().atMost(Duration.ofSeconds(20)).until(() -> lifecycleEvents(h.app()).stream()
                .filter(EventTypes.CARD_READY_FOR_COLLECTION::equals).count() == 2);
        post(CLERK, card, "collection", id).statusCode(200).body("status", equalTo("ISSUED_SEALED"));
    }

    @Test
    void aFormalLossEndsInAReplacementAndTheOldCardIsSupersededWhenTheNewOneIsCollected() {
        Holder h = newHolder();
        String card = active(h);
        post(CLERK, card, "replacement", "{\"reason\":\"LOST\",\"idNumber\":\"" + h.idNumber() + "\"}")
                .statusCode(409).body("code", equalTo("CARD_NOT_LOST"));
        post(CLERK, card, "formal-loss", "{\"idNumber\":\"" + h.idNumber() + "\"}").statusCode(200)
                .body("status", equalTo("LOST"));
        given().auth().oauth2(h.token()).delete("/api/v1/cards/" + card + "/temporary-loss").then().statusCode(409);
        post(h.token(), card, "activation", null).statusCode(409);
        String replacement = post(CLERK, card, "replacement", "{\"reason\":\"LOST\",\"idNumber\":\"" + h.idNumber() + "\"}")
                .statusCode(201).body("fee", equalTo(20)).body("replacesCardNumber", equalTo(card))
                .body("status", equalTo("IN_BATCH")).extract().path("cardNumber");
        assertTrue(!replacement.equals(card), "a replacement has a new number");
        post(CLERK, card, "replacement", "{\"reason\":\"LOST\",\"idNumber\":\"" + h.idNumber() + "\"}")
                .statusCode(409).body("code", equalTo("REPLACEMENT_ALREADY_REQUESTED"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "READY_FOR_COLLECTION".equals(status(replacement)));
        assertTrue("LOST".equals(status(card)));
        post(CLERK, replacement, "collection", "{\"idNumber\":\"" + h.idNumber() + "\"}").statusCode(200);
        given().auth().oauth2(CLERK).get("/api/v1/cards/" + card).then()
                .body("status", equalTo("SUPERSEDED")).body("replacedByCardNumber", equalTo(replacement));
        given().auth().oauth2(h.token()).queryParam("applicationId", h.app()).get("/api/v1/cards")
                .then().body("cardNumber", equalTo(List.of(replacement, card)));
    }

    @Test
    void anExchangeForDamageIsChargedAndOneForExpiryOnlyFromSixtyDaysBefore() {
        Holder h = newHolder();
        String card = active(h);
        post(CLERK, card, "replacement", "{\"reason\":\"EXPIRING\",\"idNumber\":\"" + h.idNumber() + "\"}")
                .statusCode(422).body("code", equalTo("TOO_EARLY_FOR_EXPIRY_EXCHANGE"));
        post(CLERK, card, "replacement", "{\"reason\":\"WRONG_DATA\",\"idNumber\":\"" + h.idNumber() + "\"}")
                .statusCode(201).body("fee", equalTo(0));
        given().auth().oauth2(CLERK).get("/api/v1/cards/" + card).then().body("status", equalTo("EXCHANGE_PENDING"));
        post(CLERK, card, "replacement", "{\"reason\":\"TELEPORT\",\"idNumber\":\"" + h.idNumber() + "\"}")
                .statusCode(400).body("code", equalTo("INVALID_VALUE"));
        Holder h2 = newHolder();
        String damaged = active(h2);
        post(CLERK, damaged, "replacement", "{\"reason\":\"DAMAGED\",\"idNumber\":\"" + h2.idNumber() + "\"}")
                .statusCode(201).body("fee", equalTo(20));
    }

    @Test
    void theElectronicCardFollowsItsPhysicalCardThroughLossAndReplacement() {
        Holder h = newHolder();
        String card = ready(h, null);
        post(CLERK, card, "collection", "{\"idNumber\":\"" + h.idNumber() + "\"}").statusCode(200);
        String ecardBody = faceCheck(DevFaceProvider.passed(h.idNumber()));
        post(h.token(), card, "electronic-card", ecardBody).statusCode(409).body("code", equalTo("CARD_NOT_ACTIVE"));
        post(h.token(), card, "activation", null).statusCode(200);
        // a flag the client sets proves nothing
        post(h.token(), card, "electronic-card", "{\"faceCheckPassed\":true,\"faceCheckReference\":\"FACE-1\"}")
                .statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        post(newHolder().token(), card, "electronic-card", ecardBody).statusCode(404);
        post(h.token(), card, "electronic-card", ecardBody).statusCode(201).body("status", equalTo("ACTIVE"));
        post(h.token(), card, "electronic-card", faceCheck(DevFaceProvider.passed(h.idNumber())))
                .statusCode(409).body("code", equalTo("ELECTRONIC_CARD_EXISTS"));

        String token = post(h.token(), card, "electronic-card/qr", null).statusCode(200).extract().path("token");
        verify(CLERK, token).statusCode(200).body("valid", equalTo(true))
                .body("maskedCardNumber", equalTo(card.substring(0, 2) + "*****" + card.substring(7)))
                .body(not(containsString(h.idNumber())));
        verify(h.token(), token).statusCode(403);
        verify(CLERK, token.substring(0, token.length() - 2) + "xx").statusCode(422).body("code", equalTo("QR_TOKEN_INVALID"));
        verify(CLERK, "garbage").statusCode(422);

        post(h.token(), card, "temporary-loss", null).statusCode(200);
        ecard(h, card).body("status", equalTo("SUSPENDED"));
        verify(CLERK, token).statusCode(409).body("code", equalTo("ELECTRONIC_CARD_NOT_ACTIVE"));
        given().auth().oauth2(h.token()).delete("/api/v1/cards/" + card + "/temporary-loss").then().statusCode(200);
        ecard(h, card).body("status", equalTo("ACTIVE"));
        verify(CLERK, token).statusCode(200);
        clock.advance(Duration.ofMinutes(2));
        verify(CLERK, token).statusCode(422).body("code", equalTo("QR_TOKEN_EXPIRED"));
        clock.reset();

        post(CLERK, card, "formal-loss", "{\"idNumber\":\"" + h.idNumber() + "\"}").statusCode(200);
        ecard(h, card).body("status", equalTo("SUSPENDED"));
        String replacement = post(CLERK, card, "replacement", "{\"reason\":\"LOST\",\"idNumber\":\"" + h.idNumber() + "\"}")
                .statusCode(201).extract().path("cardNumber");
        await().atMost(Duration.ofSeconds(30)).until(() -> "READY_FOR_COLLECTION".equals(status(replacement)));
        post(CLERK, replacement, "collection", "{\"idNumber\":\"" + h.idNumber() + "\"}").statusCode(200);
        ecard(h, replacement).body("cardNumber", equalTo(replacement)).body("status", equalTo("SUSPENDED"));
        verify(CLERK, token).statusCode(422).body("code", equalTo("QR_TOKEN_INVALID"));
        post(h.token(), replacement, "activation", null).statusCode(200);
        ecard(h, replacement).body("status", equalTo("ACTIVE"));
        String fresh = post(h.token(), replacement, "electronic-card/qr", null).statusCode(200).extract().path("token");
        verify(CLERK, fresh).statusCode(200);

        post(CLERK, replacement, "cancellation", "{\"reason\":\"EMIGRATION\"}").statusCode(200);
        ecard(h, replacement).body("status", equalTo("REVOKED"));
        verify(CLERK, fresh).statusCode(409);
        await().atMost(Duration.ofSeconds(20)).until(() -> lifecycleEvents(h.app()).containsAll(List.of(
                EventTypes.ELECTRONIC_CARD_ISSUED, EventTypes.ELECTRONIC_CARD_SUSPENDED, EventTypes.ELECTRONIC_CARD_RESUMED,
                EventTypes.ELECTRONIC_CARD_RELINKED, EventTypes.ELECTRONIC_CARD_REVOKED, EventTypes.CARD_SUPERSEDED)));
    }

    static String faceCheck(String verdict) {
        return "{\"faceVerification\":\"" + verdict + "\"}";
    }

    @Test
    void theElectronicCardNeedsAGenuineFreshUnusedFaceCheckOfItsHolder() {
        Holder h = newHolder();
        String card = active(h);
        java.time.Instant now = java.time.Instant.now();
        String nonce = UUID.randomUUID().toString();
        String genuine = DevFaceProvider.verdict(h.idNumber(), "PASS", 0.97, nonce, now, Duration.ofMinutes(2));
        String[] parts = genuine.split("\\.");
        String otherPayload = DevFaceProvider.passed(newHolder().idNumber()).split("\\.")[1];
        java.util.Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put(DevFaceProvider.forged(h.idNumber()), "FACE_CHECK_INVALID");             // not the provider's key
        refused.put(parts[0] + "." + otherPayload + "." + parts[2], "FACE_CHECK_INVALID");  // claims swapped under a signature
        refused.put("not-a-verdict", "FACE_CHECK_INVALID");
        refused.put(DevFaceProvider.passed(newHolder().idNumber()), "FACE_CHECK_WRONG_PERSON");
        refused.put(DevFaceProvider.verdict(h.idNumber(), "PASS", 0.99, UUID.randomUUID().toString(),
                now.minus(Duration.ofMinutes(10)), Duration.ofMinutes(2)), "FACE_CHECK_EXPIRED");
        refused.put(DevFaceProvider.verdict(h.idNumber(), "PASS", 0.99, UUID.randomUUID().toString(),
                now.minus(Duration.ofMinutes(6)), Duration.ofHours(1)), "FACE_CHECK_EXPIRED");  // older than the 5 min allowed
        refused.put(DevFaceProvider.verdict(h.idNumber(), "FAIL", 0.99, UUID.randomUUID().toString(), now,
                Duration.ofMinutes(2)), "FACE_CHECK_FAILED");
        refused.put(DevFaceProvider.verdict(h.idNumber(), "PASS", 0.4, UUID.randomUUID().toString(), now,
                Duration.ofMinutes(2)), "FACE_CHECK_FAILED");                                   // liveness too low
        refused.forEach((verdict, code) -> post(h.token(), card, "electronic-card", faceCheck(verdict))
                .statusCode(422).body("code", equalTo(code)));
        // a refused request does not use the verdict up; the first good use does, for good
        post(h.token(), card, "electronic-card", faceCheck(genuine)).statusCode(201).body("status", equalTo("ACTIVE"));
        post(CLERK, card, "cancellation", "{\"reason\":\"EMIGRATION\"}").statusCode(200);
        Holder again = new Holder(h.subject(), h.token(), h.idNumber(), UUID.randomUUID().toString());
        String second = active(again);
        post(h.token(), second, "electronic-card", faceCheck(genuine)).statusCode(422).body("code", equalTo("FACE_CHECK_REPLAYED"));
        post(h.token(), second, "electronic-card", faceCheck(DevFaceProvider.verdict(h.idNumber(), "PASS", 0.97, nonce,
                java.time.Instant.now(), Duration.ofMinutes(2)))).statusCode(422).body("code", equalTo("FACE_CHECK_REPLAYED"));
        post(h.token(), second, "electronic-card", faceCheck(DevFaceProvider.passed(h.idNumber()))).statusCode(201);
    }

    ValidatableResponse ecard(Holder h, String card) {
        return given().auth().oauth2(h.token()).get("/api/v1/cards/" + card + "/electronic-card").then().statusCode(200);
    }

    static ValidatableResponse verify(String token, String qr) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"token\":\"" + qr + "\"}")
                .post("/api/v1/electronic-cards/verification").then();
    }

    @Test
    void cancellationIsSocialSecurityFirstThenTheBank() {
        Holder h = newHolder();
        String card = active(h);
        String bank = DevTokens.token("bank", "icbc");
        post(bank, card, "bank-activation", "{\"bankName\":\"ICBC\"}").statusCode(200).body("bankActivatedAt", notNullValue());
        post(bank, card, "bank-activation", "{\"bankName\":\"ICBC\"}").statusCode(409).body("code", equalTo("BANK_ALREADY_ACTIVATED"));
        post(h.token(), card, "bank-activation", "{\"bankName\":\"ICBC\"}").statusCode(403);
        post(bank, card, "bank-cancellation", null).statusCode(409).body("code", equalTo("SOCIAL_SECURITY_NOT_CANCELLED"));
        post(CLERK, card, "cancellation", "{\"reason\":\"DEATH\"}").statusCode(200).body("status", equalTo("CANCELLED"));
        post(CLERK, card, "cancellation", "{\"reason\":\"DEATH\"}").statusCode(409).body("detail", containsString("CANCELLED"));
        post(bank, card, "bank-cancellation", null).statusCode(200);
        post(CLERK, card, "cancellation", "{\"reason\":\"BORED\"}").statusCode(400);
        post(h.token(), card, "cancellation", "{\"reason\":\"DEATH\"}").statusCode(403);
    }

    @Test
    void holdersAreToldBeforeExpiryAndCardsExpire() {
        Holder h = newHolder();
        String card = active(h);
        clock.advance(Duration.ofDays(365L * 10 - 30));
        await().atMost(Duration.ofSeconds(20)).until(() -> lifecycleEvents(h.app()).contains(EventTypes.CARD_EXPIRING));
        assertTrue("ACTIVE".equals(status(card)));
        // an exchange for expiry is now possible
        clock.advance(Duration.ofDays(40));
        await().atMost(Duration.ofSeconds(20)).until(() -> "EXPIRED".equals(status(card)));
        await().atMost(Duration.ofSeconds(20)).until(() -> lifecycleEvents(h.app()).contains(EventTypes.CARD_EXPIRED));
    }

    @Test
    void aCardNotCollectedInTimeIsFlagged() {
        Holder h = newHolder();
        String card = ready(h, null);
        clock.advance(Duration.ofDays(91));
        await().atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(given().auth().oauth2(CLERK)
                .get("/api/v1/cards/" + card).then().extract().path("collectionOverdue")));
    }

    @Test
    void otherPeopleCannotTouchACard() {
        Holder h = newHolder();
        String card = active(h);
        Holder stranger = newHolder();
        post(stranger.token(), card, "temporary-loss", null).statusCode(404);
        post(stranger.token(), card, "pin", "{\"pin\":\"135790\"}").statusCode(404);
        post(stranger.token(), card, "electronic-card/qr", null).statusCode(404);
        given().auth().oauth2(stranger.token()).delete("/api/v1/cards/" + card + "/temporary-loss").then().statusCode(404);
        post(DevTokens.token("operations", "o"), card, "formal-loss", "{\"idNumber\":\"x\"}").statusCode(403);
        post(CLERK, card, "formal-loss", "{}").statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        post(CLERK, card, "formal-loss", "{\"idNumber\":").statusCode(400).body("code", equalTo("MALFORMED_JSON"));
        post(h.token(), card, "pin/verification", "{}").statusCode(400);
        given().post("/api/v1/cards/" + card + "/activation").then().statusCode(401);
    }
}
