package org.sscard.notification;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.events.Topics;
import org.sscard.infra.DevTokens;
import org.sscard.infra.InfraTestResource;
import org.sscard.infra.KafkaTestClient;
import org.sscard.notification.service.MessageTemplates;
import org.sscard.notification.service.TemplateService;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Templates as versioned data, the SMS and e-mail channels, retries, giving up, and no duplicate sends. */
@QuarkusTest
@QuarkusTestResource(InfraTestResource.class)
class DeliveryTest {
    static final String ADMIN = DevTokens.token("admin", "adm");
    static final String STAFF = DevTokens.token("operations", "ops");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    TemplateService templates;
    @Inject
    MockMailbox mailbox;
    @Inject
    EntityManager em;

    String submitted(String phone, String channel, String email, String language) {
        String app = UUID.randomUUID().toString();
        new KafkaTestClient(bootstrap).send(Topics.APPLICATIONS, KafkaTestClient.envelope(EventTypes.APPLICATION_SUBMITTED, app,
                "registration-service", new Payloads.ApplicationSubmitted(app, "del-" + app.substring(0, 6), "RESIDENT",
                        "ONLINE", "张三", "11010519491231002X", "110***********002X", phone, "110105-001", "110105",
                        language, null, channel, email)));
        return app;
    }

    Map<String, Object> external(String app) {
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(STAFF).queryParam("applicationId", app)
                .get("/api/v1/notifications").then().extract().jsonPath().getList("channel").size() == 2);
        List<Map<String, Object>> all = given().auth().oauth2(STAFF).queryParam("applicationId", app)
                .get("/api/v1/notifications").then().extract().jsonPath().getList("$");
        return all.stream().filter(m -> !"IN_APP".equals(m.get("channel"))).findFirst().orElseThrow();
    }

    String deliveryStatus(String app) {
        return (String) external(app).get("deliveryStatus");
    }

    long smsQueued(String app) {
        return ((Number) em.createNativeQuery("select count(*) from sms_outbox o join notification n on n.id = o.notification_id "
                + "where n.application_id = cast(?1 as uuid)").setParameter(1, app).getSingleResult()).longValue();
    }

    @Test
    void everyTemplateRendersInBothLanguagesWithoutLeftoverPlaceholders() {
        for (String type : MessageTemplates.TEMPLATES.keySet()) {
            for (String language : List.of("zh", "en")) {
                MessageTemplates.Rendered r = templates.render(type, language, MessageTemplates.SAMPLE);
                assertFalse(r.title().isBlank(), type + "/" + language);
                assertFalse(r.body().contains("{"), type + "/" + language + ": " + r.body());
                // the words are in the message's language (sample values aside)
                assertTrue(language.equals("en") == r.title().chars().allMatch(c -> c < 0x2E80), type + "/" + language);
            }
        }
    }

    @Test
    void anAdminAddsPreviewsAndActivatesANewVersion() {
        String body = "{\"eventType\":\"ApplicationSubmitted\",\"language\":\"en\",\"title\":\"Received\","
                + "\"body\":\"Thank you. We got application {app} for ID {masked}.\"}";
        given().auth().oauth2(STAFF).contentType(ContentType.JSON).body(body).post("/api/v1/templates").then().statusCode(403);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body.replace("{masked}", "{idNumber}"))
                .post("/api/v1/templates").then().statusCode(422).body("code", equalTo("UNKNOWN_PLACEHOLDER"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body.replace("ApplicationSubmitted", "CardPrinted"))
                .post("/api/v1/templates").then().statusCode(422).body("code", equalTo("NO_MESSAGE_FOR_EVENT"));
        int id = given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body).post("/api/v1/templates")
                .then().statusCode(201).body("active", equalTo(false)).body("version", org.hamcrest.Matchers.greaterThan(1))
                .extract().path("id");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"values\":{\"app\":\"APP-1\"}}")
                .post("/api/v1/templates/" + id + "/preview").then().statusCode(200)
                .body("body", equalTo("Thank you. We got application APP-1 for ID 110***********002X."));
        String before = submitted("13800138000", null, null, "en");
        await().atMost(Duration.ofSeconds(30)).until(() -> external(before) != null);
        assertTrue(((String) external(before).get("body")).startsWith("We have received"), "inactive version unused");
        given().auth().oauth2(ADMIN).post("/api/v1/templates/" + id + "/activation").then().statusCode(200)
                .body("active", equalTo(true));
        String after = submitted("13800138000", null, null, "en");
        assertTrue(((String) external(after).get("body")).startsWith("Thank you. We got application " + after));
        given().auth().oauth2(ADMIN).queryParam("eventType", "ApplicationSubmitted").get("/api/v1/templates").then()
                .body("findAll { it.language == 'en' && it.active }.size()", equalTo(1));
    }

    @Test
    void smsGoesThroughTheOutboxOnceAndEmailThroughTheMailer() {
        String sms = submitted("13800138000", "SMS", null, "zh");
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(deliveryStatus(sms)));
        assertEquals(1, smsQueued(sms));

        mailbox.clear();
        String mail = submitted("13800138000", "EMAIL", "li.lei@example.org", "en");
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(deliveryStatus(mail)));
        List<Mail> sent = mailbox.getMailsSentTo("li.lei@example.org");
        assertEquals(1, sent.size());
        assertEquals(templates.render(EventTypes.APPLICATION_SUBMITTED, "en", Map.of()).title(), sent.get(0).getSubject());
        assertTrue(sent.get(0).getText().contains("110***********002X"));
        assertFalse(sent.get(0).getText().contains("11010519491231002X"));
        assertEquals(0, smsQueued(mail));
    }

    @Test
    void aFailedSendIsRetriedWithBackoffAndGivenUpAfterTheLastTry() {
        String once = submitted("13900000001", "SMS", null, "zh");
        String never = submitted("13900000002", "SMS", null, "zh");
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(deliveryStatus(once)));
        assertEquals(2, ((Number) external(once).get("attempts")).intValue());
        await().atMost(Duration.ofSeconds(30)).until(() -> "GAVE_UP".equals(deliveryStatus(never)));
        Map<String, Object> gaveUp = external(never);
        assertEquals(5, ((Number) gaveUp.get("attempts")).intValue());
        assertEquals("IllegalStateException", gaveUp.get("lastError"));
        assertEquals(0, smsQueued(never));
        given().get("/q/metrics").then().body(containsString("sscard_notifications_given_up_total"));
    }

    @Test
    void aProcessDyingRightAfterQueuingAnSmsQueuesItOnlyOnce() {
        String app = submitted("13900000003", "SMS", null, "zh");
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(deliveryStatus(app)));
        // the first try queued the text and then died before recording it: both rolled back together
        assertEquals(2, ((Number) external(app).get("attempts")).intValue());
        assertEquals(1, smsQueued(app));
    }

    @Test
    void aRedeliveredEventQueuesOneSms() {
        String app = UUID.randomUUID().toString();
        var e = KafkaTestClient.envelope(EventTypes.APPLICATION_SUBMITTED, app, "registration-service",
                new Payloads.ApplicationSubmitted(app, "dup", "RESIDENT", "ONLINE", "张三", "11010519491231002X",
                        "110***********002X", "13800138000", "110105-001", "110105", "zh"));
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        kafka.send(Topics.APPLICATIONS, e);
        kafka.send(Topics.APPLICATIONS, e);
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(deliveryStatus(app)));
        assertEquals(1, smsQueued(app));
    }
}
