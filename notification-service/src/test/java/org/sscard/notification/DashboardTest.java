package org.sscard.notification;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sscard.events.EventEnvelope;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.events.Topics;
import org.sscard.infra.DevTokens;
import org.sscard.infra.HeadlessChromium;
import org.sscard.infra.InfraTestResource;
import org.sscard.infra.KafkaTestClient;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operations dashboard: statistics, dead letters, lag, and the page in Debian's headless Chromium. */
@QuarkusTest
@QuarkusTestResource(InfraTestResource.class)
class DashboardTest {
    static final String OPS = DevTokens.token("operations", "ops-dash");
    static WebDriver browser;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @TestHTTPResource("/dashboard/")
    URL dashboard;

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    static EventEnvelope at(EventEnvelope e, Instant when) {
        return new EventEnvelope(e.eventId(), e.type(), e.schemaVersion(), when, e.aggregateId(), e.producer(), e.payload());
    }

    String submitted(String app, Instant when) {
        new KafkaTestClient(bootstrap).send(Topics.APPLICATIONS, at(KafkaTestClient.envelope(EventTypes.APPLICATION_SUBMITTED,
                app, "registration-service", new Payloads.ApplicationSubmitted(app, "dash", "RESIDENT", "ONLINE", "张三",
                        "11010519491231002X", "110***********002X", "13800138000", "110105-001", "110105", "zh")), when));
        return app;
    }

    @Test
    void theFunnelCountsStagesWithStepTimesAndListsWhatIsStuck() {
        String app = UUID.randomUUID().toString();
        Instant t0 = Instant.now().minus(Duration.ofMinutes(10));
        submitted(app, t0);
        new KafkaTestClient(bootstrap).send(Topics.REVIEWS, at(KafkaTestClient.envelope(EventTypes.APPLICATION_APPROVED, app,
                "review-service", new Payloads.ApplicationApproved(app, "r", "dash", "RESIDENT", "张三", "x", "m",
                        "110105-001", "110105", "rv", null)), t0.plusSeconds(60)));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(OPS).queryParam("applicationId", app)
                .get("/api/v1/events").then().extract().jsonPath().getList("$").size() == 2);
        given().auth().oauth2(OPS).get("/api/v1/dashboard/stats").then().statusCode(200)
                .body("funnel.stage", equalTo(List.of("SUBMITTED", "APPROVED", "IN_PRODUCTION", "READY_FOR_COLLECTION", "COLLECTED")))
                .body("funnel[1].medianSeconds", notNullValue())
                .body("countsByType.key", hasItem("ApplicationApproved"))
                .body("countsByHour.size()", org.hamcrest.Matchers.greaterThan(0))
                // approved ten minutes ago and nothing since: stuck (the test threshold is 2 s)
                .body("stuck.find { it.applicationId == '" + app + "' }.stage", equalTo("APPROVED"));
        // the group shows once it has committed offsets, which the connector does a few seconds after the events
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(OPS).get("/api/v1/dashboard/lag")
                .then().statusCode(200).extract().jsonPath().getList("consumerGroup").contains("notification-service"));
        given().auth().oauth2(DevTokens.token("applicant", "a")).get("/api/v1/dashboard/stats").then().statusCode(403);
        given().get("/api/v1/dashboard/dead-letters").then().statusCode(401);
    }

    @Test
    void aPoisonedMessageShowsUpWithItsReasonAndNoPayload() {
        String key = "poison-" + UUID.randomUUID();
        new KafkaTestClient(bootstrap).send(Topics.APPLICATIONS, key, "{\"eventId\":\"not a uuid\", \"idNumber\":\"11010519491231002X\"");
        await().atMost(Duration.ofSeconds(40)).until(() -> given().auth().oauth2(OPS).get("/api/v1/dashboard/dead-letters")
                .then().extract().jsonPath().getList("key").contains(key));
        given().auth().oauth2(OPS).get("/api/v1/dashboard/dead-letters").then()
                .body("find { it.key == '" + key + "' }.topic", equalTo("sscard.dlq.notification-service"))
                .body("find { it.key == '" + key + "' }.reason", org.hamcrest.Matchers.containsString("malformed JSON"))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("11010519491231002X")));
    }

    /** Clicks what {@code by} finds, again if the page re-rendered its table meanwhile (every 2 s). */
    static void click(WebDriverWait wait, By by) {
        wait.until(d -> {
            try {
                d.findElement(by).click();
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
                return false;
            }
        });
    }

    @Test
    void thePageShowsANewApplicationLiveAndAPoisonedMessageInTheDeadLetterViewWhereOperationsDiscardAndReplay() {
        Assumptions.assumeTrue(HeadlessChromium.available(),
                "Debian's chromium and chromium-driver are needed for the dashboard test (.ci/run installs them)");
        browser = HeadlessChromium.start();
        browser.get(dashboard + "#token=" + OPS);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        // the page re-renders its tables every 2 s: an element found a moment ago may be replaced
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-status"), "connected"));
        String app = submitted(UUID.randomUUID().toString(), Instant.now());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#live tr[data-app='" + app + "']")));
        wait.until(d -> {
            var submitted = d.findElements(By.cssSelector("#funnel tr[data-stage='SUBMITTED']"));
            return !submitted.isEmpty() && Integer.parseInt(submitted.get(0).getAttribute("data-reached")) > 0;
        });
        HeadlessChromium.screenshot(browser, "dashboard-live.png");

        browser.findElement(By.cssSelector("#live tr[data-app='" + app + "'] a.app")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("history-title"), app));

        String key = "poison-ui-" + UUID.randomUUID();
        new KafkaTestClient(bootstrap).send(Topics.CARDS, key, "this is not an event");
        wait.withTimeout(Duration.ofSeconds(40)).until(d -> d.findElements(
                By.cssSelector("#dead-letters tr[data-key='" + key + "']")).stream()
                .anyMatch(row -> row.getText().contains("malformed JSON") && row.getText().contains("UNREADABLE")));
        HeadlessChromium.screenshot(browser, "dashboard-dead-letters.png");

        // operations discard it from the page, saying why; it leaves the open ones and the reason is audited
        click(wait, By.cssSelector("#dead-letters tr[data-key='" + key + "'] button.discard"));
        wait.until(ExpectedConditions.alertIsPresent()).sendKeys("not an event: a test message");
        browser.switchTo().alert().accept();
        wait.until(d -> d.findElements(By.cssSelector("#dead-letters tr[data-key='" + key + "']")).isEmpty());
        given().auth().oauth2(OPS).queryParam("status", "DISCARDED").get("/api/v1/dead-letters").then()
                .body("find { it.key == '" + key + "' }.resolution", equalTo("not an event: a test message"))
                .body("find { it.key == '" + key + "' }.resolvedBy", equalTo("ops-dash"));

        // and replay one: it goes back to its topic
        String replayed = UUID.randomUUID().toString();
        String original = "sscard.test-dashboard-replay";
        new KafkaTestClient(bootstrap).send(Topics.deadLetter("registration-service"), replayed, KafkaTestClient.json(
                KafkaTestClient.envelope(EventTypes.APPLICATION_APPROVED, replayed, "review-service", new Payloads
                        .ApplicationApproved(replayed, "r", "dash", "RESIDENT", "n", "id", "m", "110105-001", "110105", "rv",
                        null))), java.util.Map.of("dead-letter-topic", original,
                "dead-letter-reason", "HANDLER_FAILED: handler failed 6 times: X"));
        wait.withTimeout(Duration.ofSeconds(40));
        click(wait, By.cssSelector("#dead-letters tr[data-key='" + replayed + "'] button.replay"));
        wait.until(d -> d.findElements(By.cssSelector("#dead-letters tr[data-key='" + replayed + "']")).isEmpty());
        await().atMost(Duration.ofSeconds(20)).until(() -> new KafkaTestClient(bootstrap)
                .matching(original, r -> replayed.equals(r.key())).size() == 1);
        HeadlessChromium.screenshot(browser, "dashboard-dead-letters-resolved.png");
    }
}
