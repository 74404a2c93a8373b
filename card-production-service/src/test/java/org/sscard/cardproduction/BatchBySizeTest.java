package org.sscard.cardproduction;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.events.Topics;
import org.sscard.infra.DevTokens;
import org.sscard.infra.InfraTestResource;
import org.sscard.infra.KafkaTestClient;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Batches that never age out: only size closes them. */
@QuarkusTest
@TestProfile(BatchBySizeTest.SizeOnly.class)
@QuarkusTestResource(InfraTestResource.class)
class BatchBySizeTest {
    public static class SizeOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sscard.production.batch-max-age", "1h", "sscard.production.batch-max-size", "2",
                    "mp.messaging.incoming.reviews.group.id", "card-production-size-test",
                    "mp.messaging.incoming.applications.group.id", "card-production-size-test");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    String approve(String outlet, String id) {
        String app = UUID.randomUUID().toString();
        new KafkaTestClient(bootstrap).send(Topics.REVIEWS, KafkaTestClient.envelope(EventTypes.APPLICATION_APPROVED, app,
                "review-service", new Payloads.ApplicationApproved(app, "rv", "zed", "RESIDENT", "孙七", id,
                        "masked", outlet, "110105", "r1", null)));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(DevTokens.clerk("c", outlet))
                .queryParam("applicationId", app).get("/api/v1/cards").then().extract().jsonPath().getList("$").size() == 1);
        return given().auth().oauth2(DevTokens.clerk("c", outlet)).queryParam("applicationId", app)
                .get("/api/v1/cards").then().extract().path("[0].cardNumber");
    }

    @Test
    void aWithdrawalThatOvertakesItsApprovalCancelsTheUnprintedCard() {
        String outlet = "110105-W" + (10 + new java.util.Random().nextInt(80));
        String card = approve(outlet, "11010519491231002X");
        String clerk = DevTokens.clerk("c", outlet);
        String app = given().auth().oauth2(clerk).get("/api/v1/cards/" + card).then().extract().path("applicationId");
        new KafkaTestClient(bootstrap).send(Topics.APPLICATIONS, KafkaTestClient.envelope(EventTypes.APPLICATION_WITHDRAWN, app,
                "registration-service", new Payloads.ApplicationWithdrawn(app, "zed", "masked", "zed", "changed my mind")));
        await().atMost(Duration.ofSeconds(20)).until(() -> "CANCELLED".equals(given().auth().oauth2(clerk)
                .get("/api/v1/cards/" + card).then().extract().path("status")));
        given().auth().oauth2(clerk).get("/api/v1/cards/" + card).then().body("cancellationReason", equalTo("WITHDRAWN"));
    }

    @Test
    void aBatchClosesWhenFullAndAnUnprintedCardCannotBeCollected() {
        String outlet = "110105-" + (100 + new java.util.Random().nextInt(800));
        String first = approve(outlet, "11010519491231002X");
        String clerk = DevTokens.clerk("c", outlet);
        given().auth().oauth2(clerk).get("/api/v1/cards/" + first).then().body("status", equalTo("IN_BATCH"));
        given().auth().oauth2(clerk).contentType(ContentType.JSON).body("{\"idNumber\":\"11010519491231002X\"}")
                .post("/api/v1/cards/" + first + "/collection")
                .then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("CARD_NOT_READY_FOR_COLLECTION"))
                .body("detail", org.hamcrest.Matchers.containsString("IN_BATCH"));
        String second = approve(outlet, "11010519491231002X");
        await().atMost(Duration.ofSeconds(20)).until(() -> "READY_FOR_COLLECTION".equals(given().auth().oauth2(clerk)
                .get("/api/v1/cards/" + first).then().extract().path("status")));
        given().auth().oauth2(clerk).get("/api/v1/cards/" + second).then().body("status", equalTo("READY_FOR_COLLECTION"));
        given().auth().oauth2(DevTokens.token("operations", "ops")).get("/api/v1/batches")
                .then().statusCode(200)
                .body("find { it.outletCode == '" + outlet + "' }.closeReason", equalTo("SIZE"))
                .body("find { it.outletCode == '" + outlet + "' }.printedCount", equalTo(2));
    }
}
