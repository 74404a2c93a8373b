package org.sscard.review;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.events.Topics;
import org.sscard.infra.DevTokens;
import org.sscard.infra.HeadlessChromium;
import org.sscard.infra.InfraTestResource;
import org.sscard.infra.KafkaTestClient;
import org.sscard.infra.SampleFiles;

import java.net.URL;
import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reviewer console in Debian's headless Chromium: the queue shows a new case, a reviewer claims it, sees the
 * full ID number and the check results, approves it, and the decision is recorded. Screenshots go to target/.
 */
@QuarkusTest
@QuarkusTestResource(InfraTestResource.class)
class ReviewerConsoleTest {
    static WebDriver browser;

    @TestHTTPResource("/console/")
    URL console;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    /** Stands in for the registration service, which owns the materials (%test.sscard.review.registration-url). */
    static com.sun.net.httpserver.HttpServer registration;

    @BeforeAll
    static void startBrowser() throws java.io.IOException {
        Assumptions.assumeTrue(HeadlessChromium.available(),
                "Debian's chromium and chromium-driver are needed for the console test (.ci/run installs them)");
        registration = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 58181), 0);
        registration.createContext("/api/v1/applications/", exchange -> {
            boolean photo = exchange.getRequestURI().getPath().endsWith("/materials/PHOTO");
            boolean bearer = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")).startsWith("Bearer ey");
            byte[] body = photo && bearer ? SampleFiles.photo() : new byte[0];
            exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
            exchange.sendResponseHeaders(photo && bearer ? 200 : 404, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        registration.start();
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
        if (registration != null) {
            registration.stop(0);
        }
    }

    static void screenshot(String name) {
        HeadlessChromium.screenshot(browser, name);
    }

    @Test
    void aReviewerClaimsAndApprovesACaseInTheConsole() {
        String app = UUID.randomUUID().toString();
        String id = ReviewFlowTest.idFor(app);
        new KafkaTestClient(bootstrap).send(Topics.APPLICATIONS, KafkaTestClient.envelope(EventTypes.APPLICATION_SUBMITTED, app,
                "registration-service", new Payloads.ApplicationSubmitted(app, "alice", "RESIDENT", "ONLINE", "李华", id,
                        "masked", "13800138000", "110105-001", "110105", "zh", null, "SMS", null,
                        java.util.List.of(MaterialChecksTest.FRONT, MaterialChecksTest.BACK, MaterialChecksTest.PHOTO),
                        null, false, null, null, StatedChecks.clean())));
        String reviewer = DevTokens.token("reviewer", "console-rita");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(reviewer).queryParam("applicationId", app)
                .get("/api/v1/reviews").then().extract().jsonPath().getList("$").size() == 1);
        String review = given().auth().oauth2(reviewer).queryParam("applicationId", app).get("/api/v1/reviews")
                .then().extract().path("[0].id");

        browser.get(console + "#token=" + reviewer);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#queue tr[data-app='" + app + "']")));
        assertTrue(row.getText().contains("李华"), row.getText());
        assertTrue(!row.getText().contains(id), "the queue shows masked ID numbers only");
        screenshot("console-queue.png");

        row.findElement(By.cssSelector("button.claim")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("facts"), id));
        assertTrue(browser.findElement(By.id("checks")).getText().contains("ID_NUMBER_VALID"));
        assertTrue(browser.findElement(By.id("checks")).getText().contains("MATERIALS_COMPLETE"));
        // the photo, fetched through the review API from registration with the reviewer's token
        WebElement photo = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("photo-img")));
        wait.until(d -> Long.valueOf(358).equals(((org.openqa.selenium.JavascriptExecutor) d)
                .executeScript("return arguments[0].naturalWidth", photo)));
        assertTrue(browser.findElement(By.id("materials")).getText().contains("PHOTO · image/jpeg"));
        screenshot("console-case.png");
        browser.findElement(By.id("outcome-APPROVE")).click();
        browser.findElement(By.id("comment")).sendKeys("documents in order");
        browser.findElement(By.id("decide")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Decided: APPROVE"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#queue tr[data-app='" + app + "']")));
        screenshot("console-decided.png");

        given().auth().oauth2(reviewer).get("/api/v1/reviews/" + review).then()
                .body("status", equalTo("DECIDED")).body("outcome", equalTo("APPROVE"))
                .body("decidedBy", equalTo("console-rita")).body("comment", equalTo("documents in order"));
    }

    @Test
    void aRejectionWithReasonsFromTheCatalogue() {
        String app = UUID.randomUUID().toString();
        new KafkaTestClient(bootstrap).send(Topics.APPLICATIONS, KafkaTestClient.envelope(EventTypes.APPLICATION_SUBMITTED, app,
                "registration-service", new Payloads.ApplicationSubmitted(app, "bob", "RESIDENT", "ONLINE", "赵强",
                        ReviewFlowTest.idFor(app), "masked", "13800138000", "110105-001", "110105", "zh")));
        String reviewer = DevTokens.token("reviewer", "console-ravi");
        browser.get(console + "#token=" + reviewer);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        String claim = "#queue tr[data-app='" + app + "'] button.claim";
        wait.until(d -> {
            d.findElement(By.id("refresh")).click();
            return !d.findElements(By.cssSelector(claim)).isEmpty();
        });
        // the queue may re-render once more (a refresh still in flight): click whatever row is there now
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            d.findElement(By.cssSelector(claim)).click();
            return true;
        });
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
        browser.findElement(By.id("outcome-REJECT")).click();
        browser.findElement(By.id("decide")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "at least one reason"));
        browser.findElement(By.id("reason-PHOTO_NOT_COMPLIANT")).click();
        browser.findElement(By.id("decide")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Decided: REJECT"));
        String review = given().auth().oauth2(reviewer).queryParam("applicationId", app).get("/api/v1/reviews")
                .then().extract().path("[0].id");
        given().auth().oauth2(reviewer).get("/api/v1/reviews/" + review).then()
                .body("reasons.code", equalTo(java.util.List.of("PHOTO_NOT_COMPLIANT")));
    }
}
