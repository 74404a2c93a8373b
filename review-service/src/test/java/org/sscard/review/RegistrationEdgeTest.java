package org.sscard.review;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.events.Topics;
import org.sscard.infra.DevTokens;
import org.sscard.infra.InfraTestResource;
import org.sscard.infra.KafkaTestClient;
import org.sscard.infra.SampleFiles;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The one synchronous edge: review opens a material through registration. While registration is away the reviewer
 * gets 503 REGISTRATION_UNAVAILABLE with Retry-After; after repeated failures the circuit opens and review stops
 * calling it; once it is back, the next trial call closes the circuit.
 */
@QuarkusTest
@QuarkusTestResource(InfraTestResource.class)
class RegistrationEdgeTest {
    private static final String REVIEWER = DevTokens.token("reviewer", "edge-rita");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aRegistrationThatIsAwayAnswers503AndOpensTheCircuitUntilItIsBack() throws Exception {
        String app = UUID.randomUUID().toString();
        new KafkaTestClient(bootstrap).send(Topics.APPLICATIONS, KafkaTestClient.envelope(EventTypes.APPLICATION_SUBMITTED,
                app, "registration-service", new Payloads.ApplicationSubmitted(app, "alice", "RESIDENT", "ONLINE", "李华",
                        ReviewFlowTest.idFor(app), "masked", "13800138000", "110105-001", "110105", "zh", null, "SMS",
                        null, List.of(MaterialChecksTest.FRONT, MaterialChecksTest.BACK, MaterialChecksTest.PHOTO), null,
                        false, null)));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(REVIEWER).queryParam("applicationId", app)
                .get("/api/v1/reviews").then().extract().jsonPath().getList("$").size() == 1);
        String review = given().auth().oauth2(REVIEWER).queryParam("applicationId", app).get("/api/v1/reviews")
                .then().extract().path("[0].id");
        String photo = "/api/v1/reviews/" + review + "/materials/PHOTO";

        // nothing listens where registration should be: every try is a 503 the reviewer may retry, never a 500
        for (int i = 0; i < 4; i++) {
            given().auth().oauth2(REVIEWER).get(photo).then().statusCode(503)
                    .header("Retry-After", "5").body("code", equalTo("REGISTRATION_UNAVAILABLE"));
        }

        AtomicInteger calls = new AtomicInteger();
        HttpServer registration = HttpServer.create(new InetSocketAddress("127.0.0.1", 58181), 0);
        registration.createContext("/api/v1/applications/", exchange -> {
            calls.incrementAndGet();
            byte[] body = SampleFiles.photo();
            exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        registration.start();
        try {
            // the circuit is open: review answers at once without calling registration, back or not
            given().auth().oauth2(REVIEWER).get(photo).then().statusCode(503)
                    .body("code", equalTo("REGISTRATION_UNAVAILABLE"));
            assertEquals(0, calls.get(), "an open circuit does not call registration");

            // after the pause one trial call goes through, and the photo opens again
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    given().auth().oauth2(REVIEWER).get(photo).then().extract().statusCode() == 200);
            given().auth().oauth2(REVIEWER).get(photo).then().statusCode(200).contentType("image/jpeg");
            assertEquals(2, calls.get());
        } finally {
            registration.stop(0);
        }
    }
}
