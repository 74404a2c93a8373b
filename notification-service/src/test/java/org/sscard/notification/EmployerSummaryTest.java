package org.sscard.notification;

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
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Employers get one summary per roster and one digest of their staff's cards, never one message per employee. */
@QuarkusTest
@QuarkusTestResource(InfraTestResource.class)
class EmployerSummaryTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @jakarta.inject.Inject
    org.sscard.notification.service.EmployerDigest digest;
    @jakarta.inject.Inject
    jakarta.persistence.EntityManager em;

    @Test
    void aProcessedRosterIsOneSummaryWithTheLinkToItsRejectedRowsEvenWhenTheEventComesTwice() {
        String employer = "91110105MA" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String roster = UUID.randomUUID().toString();
        EventEnvelope event = KafkaTestClient.envelope(EventTypes.ROSTER_PROCESSED, roster, "registration-service",
                new Payloads.RosterProcessed(roster, employer, "COMPLETED", 1200, 1180, 17, 3, 5,
                        "/api/v1/rosters/" + roster + "/rejected-rows", null));
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        kafka.send(Topics.ROSTERS, event);
        kafka.send(Topics.ROSTERS, event); // redelivered
        String token = DevTokens.token("employer", employer);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token)
                .get("/api/v1/notifications").then().statusCode(200).body("", hasSize(1)));
        given().auth().oauth2(token).get("/api/v1/notifications").then()
                .body("[0].title", equalTo("花名册已处理"))
                .body("[0].body", containsString("受理 1180 人"))
                .body("[0].body", containsString("未受理 17 行"))
                .body("[0].body", containsString("逾期登记 5 人"))
                .body("[0].body", containsString("/api/v1/rosters/" + roster + "/rejected-rows"));
        given().auth().oauth2(DevTokens.token("employer", "91110105MA00000000")).get("/api/v1/notifications").then()
                .body("", hasSize(0));
    }

    @Test
    void staffCardsReadyReachTheEmployerAsOneDigestPerOutlet() {
        String employer = "91110105MB" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        List<String> apps = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String app = UUID.randomUUID().toString();
            apps.add(app);
            kafka.send(Topics.APPLICATIONS, KafkaTestClient.envelope(EventTypes.APPLICATION_SUBMITTED, app,
                    "registration-service", new Payloads.ApplicationSubmitted(app, null, "EMPLOYEE", "EMPLOYER", "员工" + i,
                            "11010519491231002X", "110***********002X", "13800138000", "110105-001", "110105", "zh",
                            employer, "SMS", null)));
        }
        // as in life, the cards become ready after notification learned of the applications (another topic, so the
        // order is not Kafka's to keep): wait for the contacts first
        await().atMost(Duration.ofSeconds(30)).until(() -> io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> ((Number) em.createNativeQuery("select count(*) from application_contact "
                        + "where employer_id = ?1").setParameter(1, employer).getSingleResult()).intValue() == 3));
        for (int i = 0; i < 3; i++) {
            kafka.send(Topics.CARDS, KafkaTestClient.envelope(EventTypes.CARD_READY_FOR_COLLECTION, apps.get(i),
                    "card-production-service", new Payloads.CardReadyForCollection(apps.get(i), "EM000000" + i, null,
                            "110***********002X", "110105-001")));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> ((Number) em.createNativeQuery("select coalesce(sum(cards), 0) from employer_digest "
                        + "where employer_id = ?1").setParameter(1, employer).getSingleResult()).intValue() == 3));
        digest.send(); // the scheduled run (hourly by default) does the same
        digest.send(); // and a second run finds nothing more to say
        String token = DevTokens.token("employer", employer);
        given().auth().oauth2(token).get("/api/v1/notifications").then().statusCode(200).body("", hasSize(1))
                .body("[0].body", containsString("3 名员工"));
        given().auth().oauth2(token).get("/api/v1/notifications").then()
                .body("[0].eventType", equalTo("EmployerCardsReady"))
                .body("[0].body", containsString("110105-001"));
    }
}
