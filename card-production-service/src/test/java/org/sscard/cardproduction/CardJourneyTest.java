package org.sscard.cardproduction;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.sscard.events.EventEnvelope;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.events.Topics;
import org.sscard.infra.DevTokens;
import org.sscard.infra.InfraTestResource;
import org.sscard.infra.KafkaTestClient;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(InfraTestResource.class)
class CardJourneyTest {
    static final String ID = "11010519491231002X";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static String clerk() {
        return DevTokens.clerk("clerk-9", "110105-001");
    }

    String approve(String app, String name, String applicant) {
        EventEnvelope e = KafkaTestClient.envelope(EventTypes.APPLICATION_APPROVED, app, "review-service",
                new Payloads.ApplicationApproved(app, UUID.randomUUID().toString(), applicant, "RESIDENT", name, ID,
                        "110***********002X", "110105-001", "110105", "r1", null));
        new KafkaTestClient(bootstrap).send(Topics.REVIEWS, e);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(clerk()).queryParam("applicationId", app)
                .get("/api/v1/cards").then().extract().jsonPath().getList("$").size() == 1);
        return given().auth().oauth2(clerk()).queryParam("applicationId", app).get("/api/v1/cards")
                .then().extract().path("[0].cardNumber");
    }

    void awaitStatus(String card, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> status.equals(given().auth().oauth2(clerk())
                .get("/api/v1/cards/" + card).then().extract().path("status")));
    }

    @Test
    void approvedApplicationBecomesACardThatIsPrintedDispatchedAndCollected() {
        String app = UUID.randomUUID().toString();
        String card = approve(app, "张三", "alice");
        given().auth().oauth2(clerk()).get("/api/v1/cards/" + card).then().statusCode(200)
                .body("cardNumber", matchesPattern("^[A-Z0-9]{9}$"))
                .body("identificationCode", matchesPattern("^110105D156000005[0-9A-F]{16}$"))
                .body("maskedIdNumber", equalTo("110***********002X"));
        awaitStatus(card, "READY_FOR_COLLECTION");
        given().auth().oauth2(clerk()).get("/api/v1/cards/" + card).then()
                .body("expiryDate", org.hamcrest.Matchers.notNullValue());

        given().auth().oauth2(clerk()).contentType(ContentType.JSON).body("{\"idNumber\":\"110105194912310021\"}")
                .post("/api/v1/cards/" + card + "/collection")
                .then().statusCode(422).contentType("application/problem+json").body("code", equalTo("ID_NUMBER_MISMATCH"));
        given().auth().oauth2(clerk()).contentType(ContentType.JSON).body("{\"idNumber\":\"" + ID + "\"}")
                .post("/api/v1/cards/" + card + "/collection")
                .then().statusCode(200).body("status", equalTo("ISSUED_SEALED"));
        given().auth().oauth2(clerk()).contentType(ContentType.JSON).body("{\"idNumber\":\"" + ID + "\"}")
                .post("/api/v1/cards/" + card + "/collection")
                .then().statusCode(409).body("code", equalTo("CARD_NOT_READY_FOR_COLLECTION"));

        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        await().atMost(Duration.ofSeconds(20)).until(() -> kafka.events(Topics.CARDS, app).size() == 5);
        List<String> types = kafka.events(Topics.CARDS, app).stream().map(EventEnvelope::type).toList();
        assertEquals(List.of(EventTypes.CARD_PRODUCTION_STARTED, EventTypes.CARD_PRINTED, EventTypes.CARD_DISPATCHED,
                EventTypes.CARD_READY_FOR_COLLECTION, EventTypes.CARD_COLLECTED), types);
        kafka.events(Topics.CARDS, app).forEach(e -> assertEquals(null, e.payload().get("idNumber")));
    }

    @Test
    void anApplicationOfTheBulkLaneIsMadeAndAnnouncedOnTheBulkLane() {
        String app = UUID.randomUUID().toString();
        EventEnvelope e = KafkaTestClient.envelope(EventTypes.APPLICATION_APPROVED, app, "review-service",
                new Payloads.ApplicationApproved(app, UUID.randomUUID().toString(), null, "EMPLOYEE", "赵六", ID,
                        "110***********002X", "110105-001", "110105", "policy:auto-approval", null, null, null, true));
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        kafka.send(Topics.lane(Topics.REVIEWS, true), e);
        String bulkCards = Topics.lane(Topics.CARDS, true);
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.events(bulkCards, app).stream()
                .anyMatch(c -> EventTypes.CARD_READY_FOR_COLLECTION.equals(c.type())));
        assertEquals(List.of(EventTypes.CARD_PRODUCTION_STARTED, EventTypes.CARD_PRINTED, EventTypes.CARD_DISPATCHED,
                EventTypes.CARD_READY_FOR_COLLECTION), kafka.events(bulkCards, app).stream().map(EventEnvelope::type).toList());
        assertEquals(List.of(), kafka.events(Topics.CARDS, app), "nothing of it on the interactive lane");
    }

    @Test
    void aRedeliveredApprovalMakesOneCard() {
        String app = UUID.randomUUID().toString();
        EventEnvelope e = KafkaTestClient.envelope(EventTypes.APPLICATION_APPROVED, app, "review-service",
                new Payloads.ApplicationApproved(app, UUID.randomUUID().toString(), "bob", "RESIDENT", "李四", ID,
                        "110***********002X", "110105-002", "110105", "r1", null));
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        kafka.send(Topics.REVIEWS, e);
        kafka.send(Topics.REVIEWS, e);
        approve(UUID.randomUUID().toString(), "王五", "carol"); // a later event on the topic has been handled
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(clerk()).queryParam("applicationId", app)
                .get("/api/v1/cards").then().extract().jsonPath().getList("$").size() == 1);
        given().auth().oauth2(clerk()).queryParam("applicationId", app).get("/api/v1/cards").then().body("$", hasSize(1));
    }

    @Test
    void aFailedPrintIsRetriedInALaterBatchAndRepeatedFailuresAreFlagged() {
        String once = approve(UUID.randomUUID().toString(), "Fails Once", "dave");
        String always = approve(UUID.randomUUID().toString(), "Always Fails", "erin");
        awaitStatus(once, "READY_FOR_COLLECTION");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String s = given().auth().oauth2(clerk()).get("/api/v1/cards/" + always).then().extract().path("status");
            return "PRINT_FAILED".equals(s);
        });
        given().auth().oauth2(clerk()).get("/api/v1/cards/" + always).then().body("printFlagged", org.hamcrest.Matchers.is(true));
        given().auth().oauth2(clerk()).get("/api/v1/cards/" + once).then().body("printFlagged", org.hamcrest.Matchers.is(false));
        // it stays failed: three attempts were made and it is not put into another batch
        given().auth().oauth2(DevTokens.token("operations", "ops")).get("/api/v1/batches").then().statusCode(200);
        given().when().get("/q/metrics").then().body(org.hamcrest.Matchers.containsString("sscard_cards_print_flagged_total"));
    }

    @Test
    void applicantsSeeOnlyTheCardsOfTheirVerifiedIdentityAndRolesAreEnforced() {
        String app = UUID.randomUUID().toString();
        String card = approve(app, "赵六", "frank");
        String frank = DevTokens.tokenWithIdNumber("applicant", "frank", ID);
        given().auth().oauth2(frank).get("/api/v1/cards/" + card).then().statusCode(200);
        // the card follows the verified ID number, not the account named on the application
        given().auth().oauth2(DevTokens.tokenWithIdNumber("applicant", "another-account-of-frank", ID))
                .get("/api/v1/cards/" + card).then().statusCode(200);
        // the named account without that identity is a stranger: no token claim, or a different verified person
        for (String stranger : List.of(DevTokens.token("applicant", "frank"),
                DevTokens.tokenWithIdNumber("applicant", "frank", "110105198506150014"),
                DevTokens.tokenWithIdNumber("applicant", "mallory", "110105198506150014"))) {
            given().auth().oauth2(stranger).get("/api/v1/cards/" + card)
                    .then().statusCode(404).body("code", equalTo("NOT_FOUND"));
            given().auth().oauth2(stranger).queryParam("applicationId", app)
                    .get("/api/v1/cards").then().statusCode(200).body("$", hasSize(0));
            given().auth().oauth2(stranger).post("/api/v1/cards/" + card + "/activation")
                    .then().statusCode(404);
        }
        given().auth().oauth2(frank).contentType(ContentType.JSON)
                .body("{\"idNumber\":\"" + ID + "\"}").post("/api/v1/cards/" + card + "/collection").then().statusCode(403);
        given().get("/api/v1/cards/" + card).then().statusCode(401);
        // a genuine token for another audience, or for none, is not a token for this platform
        for (Object audience : List.of("another-system", DevTokens.NONE)) {
            given().auth().oauth2(DevTokens.token(List.of("outlet-clerk"), "clerk-9", Duration.ofHours(1),
                    java.util.Map.of("aud", audience))).get("/api/v1/cards/" + card).then().statusCode(401);
        }
        given().auth().oauth2(frank).get("/api/v1/batches").then().statusCode(403);
        given().auth().oauth2(clerk()).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/cards/" + card + "/collection").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        given().auth().oauth2(clerk()).contentType(ContentType.JSON).body("{\"idNumber\":")
                .post("/api/v1/cards/" + card + "/collection").then().statusCode(400).body("code", equalTo("MALFORMED_JSON"));
        given().auth().oauth2(clerk()).get("/api/v1/cards").then().statusCode(400)
                .body("code", equalTo("APPLICATION_ID_REQUIRED"));
        given().auth().oauth2(clerk()).get("/api/v1/cards/NOPE").then().statusCode(404);
    }
}
