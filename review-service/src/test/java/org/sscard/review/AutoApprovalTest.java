package org.sscard.review;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
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
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** With the policy on for RETIREE, a clean retiree case is approved without a reviewer; others still wait. */
@QuarkusTest
@TestProfile(AutoApprovalTest.RetireesAutoApproved.class)
@QuarkusTestResource(InfraTestResource.class)
class AutoApprovalTest {
    public static class RetireesAutoApproved implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sscard.review.auto-approve-categories", "RETIREE",
                    "mp.messaging.incoming.applications.group.id", "review-auto-approval-test");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    String submit(String app, String category, String id) {
        new KafkaTestClient(bootstrap).send(Topics.APPLICATIONS, KafkaTestClient.envelope(EventTypes.APPLICATION_SUBMITTED, app,
                "registration-service", new Payloads.ApplicationSubmitted(app, "zoe", category, "ONLINE", "张三", id,
                        "masked", "13800138000", "110105-001", "110105", "zh", null, "SMS", null, null, null, false, null,
                        null, StatedChecks.clean())));
        String r = DevTokens.token("reviewer", "r");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(r).queryParam("applicationId", app)
                .get("/api/v1/reviews").then().extract().jsonPath().getList("$").size() == 1);
        return given().auth().oauth2(r).queryParam("applicationId", app).get("/api/v1/reviews").then().extract().path("[0].id");
    }

    @Test
    void aCleanRetireeCaseIsApprovedByThePolicyAndTheDecisionSaysSo() {
        String app = UUID.randomUUID().toString();
        String review = submit(app, "RETIREE", ReviewFlowTest.idFor(app));
        String r = DevTokens.token("reviewer", "r");
        given().auth().oauth2(r).get("/api/v1/reviews/" + review).then()
                .body("status", equalTo("DECIDED")).body("outcome", equalTo("APPROVE"))
                .body("decidedBy", equalTo("policy:auto-approval"));
        given().auth().oauth2(r).get("/api/v1/reviews/" + review + "/audit").then()
                .body("action", equalTo(List.of("OPENED", "POLICY_DECIDED")))
                .body("[1].actor", equalTo("policy:auto-approval"));
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        await().atMost(Duration.ofSeconds(20)).until(() -> !kafka.events(Topics.REVIEWS, app).isEmpty());
        EventEnvelope e = kafka.events(Topics.REVIEWS, app).get(0);
        assertEquals(EventTypes.APPLICATION_APPROVED, e.type());
        assertEquals("policy:auto-approval", e.payload().get("decidedBy").asText());

        String resident = UUID.randomUUID().toString();
        String other = submit(resident, "RESIDENT", ReviewFlowTest.idFor(resident));
        given().auth().oauth2(r).get("/api/v1/reviews/" + other).then().body("status", equalTo("OPEN"));
        // a retiree case that fails a check is not approved by the policy
        String bad = submit(UUID.randomUUID().toString(), "RETIREE", "110105194912310021");
        given().auth().oauth2(r).get("/api/v1/reviews/" + bad).then().body("outcome", equalTo("REJECT"));
        // nor one whose event states none of registration's checks (published before they were stated)
        String unstated = UUID.randomUUID().toString();
        new KafkaTestClient(bootstrap).send(Topics.APPLICATIONS, KafkaTestClient.envelope(EventTypes.APPLICATION_SUBMITTED,
                unstated, "registration-service", new Payloads.ApplicationSubmitted(unstated, "zoe", "RETIREE", "ONLINE",
                        "张三", ReviewFlowTest.idFor(unstated), "masked", "13800138000", "110105-001", "110105", "zh")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(r)
                .queryParam("applicationId", unstated).get("/api/v1/reviews").then()
                .body("status", equalTo(List.of("OPEN"))));
    }
}
