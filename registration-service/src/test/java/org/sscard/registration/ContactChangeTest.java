package org.sscard.registration;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.sscard.events.EventEnvelope;
import org.sscard.events.EventTypes;
import org.sscard.events.Topics;
import org.sscard.infra.DevTokens;
import org.sscard.infra.KafkaTestClient;
import org.sscard.platform.crypto.FieldCipher;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The applicant keeps their contact details current: changed, audited without the values, and announced. */
@QuarkusTest
class ContactChangeTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @jakarta.inject.Inject
    FieldCipher cipher;

    List<EventEnvelope> changes(String app) {
        return new KafkaTestClient(bootstrap).events(Topics.APPLICATIONS, app).stream()
                .filter(e -> e.type().equals(EventTypes.CONTACT_CHANGED)).toList();
    }

    @Test
    void theApplicantChangesPhoneAndLanguageAndTheChangeIsAuditedAndAnnounced() {
        String app = ApplicationResourceTest.submit("applicant", "cc-ann", People.idOf("cc-ann"));
        String ann = People.applicant("cc-ann");
        given().auth().oauth2(ann).contentType(ContentType.JSON)
                .body("{\"phone\":\"13900139000\",\"language\":\"en\"}")
                .put("/api/v1/applications/" + app + "/contact").then().statusCode(200)
                .body("contact.phone", equalTo("139****9000")).body("contact.language", equalTo("en"))
                .body("contact.preferredChannel", equalTo("SMS"))
                .body("timeline.note", hasItem("Contact changed by cc-ann: phone, language"));

        await().atMost(Duration.ofSeconds(20)).until(() -> changes(app).size() == 1);
        var p = changes(app).get(0).payload();
        assertEquals(List.of("phone", "language"), List.of(p.get("changed").get(0).asText(), p.get("changed").get(1).asText()));
        assertTrue(p.get("phone").asText().startsWith("ENC1."), "the phone travels sealed");
        assertEquals("13900139000", cipher.decrypt(p.get("phone").asText()));
        assertEquals("en", p.get("language").asText());
        assertEquals("cc-ann", p.get("changedBy").asText());

        // the same details again change nothing and announce nothing
        given().auth().oauth2(ann).contentType(ContentType.JSON).body("{\"phone\":\"13900139000\"}")
                .put("/api/v1/applications/" + app + "/contact").then().statusCode(200);
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> changes(app).size() == 1);
    }

    @Test
    void aDraftsChangeTravelsWithItsSubmission() {
        String id = People.idOf("cc-dora");
        String dora = People.applicant("cc-dora");
        String app = MaterialsTest.draft(dora, MaterialsTest.form(id));
        given().auth().oauth2(dora).contentType(ContentType.JSON).body("{\"phone\":\"13700137000\"}")
                .put("/api/v1/applications/" + app + "/contact").then().statusCode(200)
                .body("status", equalTo("DRAFT")).body("contact.phone", equalTo("137****7000"))
                .body("timeline.note", hasItem("Contact changed by cc-dora: phone"));
        MaterialsTest.attach(dora, app, "ID_FRONT", org.sscard.infra.SampleFiles.png(), 200);
        MaterialsTest.attach(dora, app, "ID_BACK", org.sscard.infra.SampleFiles.png(), 200);
        MaterialsTest.attach(dora, app, "PHOTO", org.sscard.infra.SampleFiles.photo(), 200);
        given().auth().oauth2(dora).post("/api/v1/applications/" + app + "/submission").then().statusCode(200);
        KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        await().atMost(Duration.ofSeconds(20)).until(() -> !kafka.events(Topics.APPLICATIONS, app).isEmpty());
        var submitted = kafka.events(Topics.APPLICATIONS, app).get(0);
        assertEquals(EventTypes.APPLICATION_SUBMITTED, submitted.type());
        assertEquals("13700137000", cipher.decrypt(submitted.payload().get("phone").asText()));
        assertTrue(changes(app).isEmpty(), "a draft's change is not announced on its own");
    }

    @Test
    void aChangeIsRefusedWhenEmptyInvalidOrNotTheCallers() {
        String app = ApplicationResourceTest.submit("applicant", "cc-bob", People.idOf("cc-bob"));
        String bob = People.applicant("cc-bob");
        String path = "/api/v1/applications/" + app + "/contact";
        given().auth().oauth2(bob).contentType(ContentType.JSON).body("{}").put(path).then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("CONTACT_CHANGE_EMPTY"));
        given().auth().oauth2(bob).contentType(ContentType.JSON).body("{\"phone\":\"12345\"}").put(path).then()
                .statusCode(400).body("errors.field", hasItem("phone"));
        given().auth().oauth2(bob).contentType(ContentType.JSON).body("{\"preferredChannel\":\"EMAIL\"}").put(path)
                .then().statusCode(400).body("errors.field", hasItem("email"));
        given().auth().oauth2(People.applicant("cc-mallory")).contentType(ContentType.JSON)
                .body("{\"phone\":\"13900139000\"}").put(path).then().statusCode(404);
        given().auth().oauth2(DevTokens.token("reviewer", "cc-rita")).contentType(ContentType.JSON)
                .body("{\"phone\":\"13900139000\"}").put(path).then().statusCode(403);
        // an e-mail with the channel in one change is fine, and shown masked
        given().auth().oauth2(bob).contentType(ContentType.JSON)
                .body("{\"email\":\"bob.chen@example.cn\",\"preferredChannel\":\"EMAIL\"}").put(path).then()
                .statusCode(200).body("contact.email", equalTo("b***@example.cn"))
                .body("contact.preferredChannel", equalTo("EMAIL"));
    }
}
