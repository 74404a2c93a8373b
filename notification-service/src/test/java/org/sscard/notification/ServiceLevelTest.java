package org.sscard.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

/**
 * The issuance clock from the events of all four services: the ETA an applicant sees, the pause while materials are
 * asked for, and the cases operations see as overdue. Events carry their own time, here days in the past.
 */
@QuarkusTest
@QuarkusTestResource(InfraTestResource.class)
class ServiceLevelTest {
    static final String ID = "11010519491231002X";
    static final String MASKED = "110***********002X";
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    static final String OPS = DevTokens.token("operations", "ops-sla");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static EventEnvelope at(Instant when, String type, String app, Object payload) {
        return new EventEnvelope(UUID.randomUUID(), type, EventTypes.SCHEMA_VERSION, when, app, "test",
                JSON.valueToTree(payload));
    }

    /** One "now" for a whole test, so that the days between its events are exact. */
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    static Instant daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days));
    }

    static Payloads.ApplicationSubmitted submitted(String app, String applicant) {
        return new Payloads.ApplicationSubmitted(app, applicant, "RESIDENT", "ONLINE", "张三", ID, MASKED,
                "13800138000", "110105-001", "110105", "en");
    }

    static io.restassured.response.ValidatableResponse levels(String token, String app) {
        return given().auth().oauth2(token).queryParam("applicationId", app).get("/api/v1/service-levels").then();
    }

    @Test
    void theEtaMovesOnByTheTimeTheApplicantTookAndTheCaseEndsMetWhenTheCardIsReady() {
        String app = UUID.randomUUID().toString();
        Instant submitted = daysAgo(10);
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        kafka.send(Topics.APPLICATIONS, at(submitted, EventTypes.APPLICATION_SUBMITTED, app, submitted(app, "hana")));
        String hana = DevTokens.tokenWithIdNumber("applicant", "hana", ID);
        await().atMost(Duration.ofSeconds(30)).until(() -> levels(hana, app).extract().jsonPath().getList("$").size() == 1);
        levels(hana, app).statusCode(200).body("[0].kind", equalTo("NEW_CARD")).body("[0].state", equalTo("ON_TRACK"))
                .body("[0].expectedBy", equalTo(submitted.plus(Duration.ofDays(20)).toString()))
                .body("[0].dueBy", equalTo(submitted.plus(Duration.ofDays(30)).toString()));

        // materials asked for on day 2 and given on day 7: five days the applicant took, added to the ETA
        kafka.send(Topics.REVIEWS, at(daysAgo(8), EventTypes.SUPPLEMENT_REQUESTED, app, new Payloads.SupplementRequested(
                app, "rv", "hana", MASKED, List.of(new Payloads.Reason("PHOTO_SPEC", "照片不符合要求", "The photo does not meet the specification")), null, "rita")));
        await().atMost(Duration.ofSeconds(30)).until(() -> "WAITING_FOR_APPLICANT".equals(
                levels(hana, app).extract().path("[0].state")));
        kafka.send(Topics.APPLICATIONS, at(daysAgo(3), EventTypes.SUPPLEMENT_PROVIDED, app,
                new Payloads.SupplementProvided(app, "hana", MASKED, "hana", null)));
        await().atMost(Duration.ofSeconds(30)).until(() -> "ON_TRACK".equals(levels(hana, app).extract().path("[0].state")));
        levels(hana, app).body("[0].expectedBy", equalTo(submitted.plus(Duration.ofDays(25)).toString()))
                .body("[0].dueBy", equalTo(submitted.plus(Duration.ofDays(35)).toString()));

        // nobody else learns anything; staff see it
        levels(DevTokens.tokenWithIdNumber("applicant", "hana", "110105198506150014"), app).statusCode(200).body("$", hasSize(0));
        levels(DevTokens.token("applicant", "hana"), app).statusCode(200).body("$", hasSize(0));
        levels(DevTokens.token("employer", "91110105MA00000001"), app).statusCode(200).body("$", hasSize(0));
        levels(DevTokens.token("reviewer", "rita"), app).statusCode(200).body("$", hasSize(1));
        given().auth().oauth2(hana).get("/api/v1/service-levels").then().statusCode(400)
                .body("code", equalTo("APPLICATION_ID_REQUIRED"));

        kafka.send(Topics.CARDS, at(Instant.now(), EventTypes.CARD_READY_FOR_COLLECTION, app,
                new Payloads.CardReadyForCollection(app, "AB1234567", "hana", MASKED, "110105-001")));
        await().atMost(Duration.ofSeconds(30)).until(() -> "MET".equals(levels(hana, app).extract().path("[0].state")));
        given().get("/q/metrics").then().body(containsString("sscard_issuances_completed_total{kind=\"NEW_CARD\",outcome=\"MET\"}"));
    }

    @Test
    void aSubmissionTakenAfterItsCardWasReadyStartsNoClockThatWouldNeverEnd() {
        String app = UUID.randomUUID().toString();
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        kafka.send(Topics.CARDS, at(daysAgo(5), EventTypes.CARD_READY_FOR_COLLECTION, app,
                new Payloads.CardReadyForCollection(app, "CD7654321", "lea", MASKED, "110105-001")));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(OPS).queryParam("applicationId", app)
                .get("/api/v1/events").then().extract().jsonPath().getList("type")
                .contains(EventTypes.CARD_READY_FOR_COLLECTION));
        kafka.send(Topics.APPLICATIONS, at(daysAgo(40), EventTypes.APPLICATION_SUBMITTED, app, submitted(app, "lea")));
        await().atMost(Duration.ofSeconds(30)).until(() -> levels(OPS, app).extract().jsonPath().getList("$").size() == 1);
        levels(OPS, app).body("[0].state", equalTo("MISSED"))
                .body("[0].endedAt", equalTo(daysAgo(5).toString()));
    }

    @Test
    void casesPastTheirServiceLevelAreOverdueForOperationsAndAReplacementHasItsOwnClock() {
        String late = UUID.randomUUID().toString();
        String replaced = UUID.randomUUID().toString();
        String withdrawn = UUID.randomUUID().toString();
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        kafka.send(Topics.APPLICATIONS, at(daysAgo(31), EventTypes.APPLICATION_SUBMITTED, late, submitted(late, "ivo")));
        kafka.send(Topics.APPLICATIONS, at(daysAgo(40), EventTypes.APPLICATION_SUBMITTED, withdrawn, submitted(withdrawn, "jon")));
        kafka.send(Topics.APPLICATIONS, at(daysAgo(39), EventTypes.APPLICATION_WITHDRAWN, withdrawn,
                new Payloads.ApplicationWithdrawn(withdrawn, "jon", MASKED, "jon", "moved away")));
        kafka.send(Topics.APPLICATIONS, at(daysAgo(100), EventTypes.APPLICATION_SUBMITTED, replaced, submitted(replaced, "kai")));
        kafka.send(Topics.CARDS, at(daysAgo(80), EventTypes.CARD_READY_FOR_COLLECTION, replaced,
                new Payloads.CardReadyForCollection(replaced, "OLD000001", "kai", MASKED, "110105-001")));
        kafka.send(Topics.CARDS, at(daysAgo(12), EventTypes.CARD_REPLACEMENT_REQUESTED, replaced,
                new Payloads.CardLifecycle(replaced, "OLD000001", "kai", MASKED, "110105-001", "ACTIVE", "LOST", "LOST",
                        null, null, "NEW000002", 20, "110105-002")));

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<String> ids = given().auth().oauth2(OPS).get("/api/v1/service-levels/overdue").then().statusCode(200)
                    .extract().jsonPath().getList("applicationId");
            return ids.contains(late) && ids.contains(replaced);
        });
        // the topics have a consumer each: the submissions may be taken after the card events, and still count
        await().atMost(Duration.ofSeconds(30)).until(() -> levels(OPS, replaced).extract().jsonPath().getList("$").size() == 2
                && levels(OPS, withdrawn).extract().jsonPath().getList("$").size() == 1);
        given().auth().oauth2(OPS).get("/api/v1/service-levels/overdue").then()
                .body("applicationId", not(hasItem(withdrawn)))
                .body("find { it.applicationId == '" + late + "' }.state", equalTo("OVERDUE"))
                .body("find { it.applicationId == '" + replaced + "' }.kind", equalTo("REPLACEMENT"))
                .body("find { it.applicationId == '" + replaced + "' }.maskedCardNumber", equalTo("NE*****02"));
        levels(OPS, withdrawn).body("[0].state", equalTo("ENDED"));
        levels(OPS, replaced).body("kind", equalTo(List.of("NEW_CARD", "REPLACEMENT")))
                .body("[0].state", equalTo("MET"));
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/q/metrics").then().extract().asString()
                .lines().anyMatch(l -> l.startsWith("sscard_issuance_overdue{kind=\"REPLACEMENT\"") && !l.endsWith(" 0.0")));
        given().auth().oauth2(DevTokens.tokenWithIdNumber("applicant", "ivo", ID)).get("/api/v1/service-levels/overdue")
                .then().statusCode(403);

        // the replacement card becomes ready two days late: missed, and no longer overdue
        kafka.send(Topics.CARDS, at(Instant.now(), EventTypes.CARD_READY_FOR_COLLECTION, replaced,
                new Payloads.CardReadyForCollection(replaced, "NEW000002", "kai", MASKED, "110105-002")));
        await().atMost(Duration.ofSeconds(30)).until(() -> "MISSED".equals(levels(OPS, replaced).extract().path("[1].state")));
        given().auth().oauth2(OPS).get("/api/v1/service-levels/overdue").then().body("applicationId", not(hasItem(replaced)));
    }
}
