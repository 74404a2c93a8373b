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
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.events.Topics;
import org.sscard.infra.DevTokens;
import org.sscard.infra.InfraTestResource;
import org.sscard.infra.KafkaTestClient;

import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
    static final File CHROMIUM = new File("/usr/bin/chromium");
    static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    static WebDriver browser;

    @TestHTTPResource("/console/")
    URL console;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeAll
    static void startBrowser() throws Exception {
        Assumptions.assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "Debian's chromium and chromium-driver are needed for the console test (.ci/run installs them)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory("sscard-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    static void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aReviewerClaimsAndApprovesACaseInTheConsole() throws Exception {
        String app = UUID.randomUUID().toString();
        String id = ReviewFlowTest.idFor(app);
        new KafkaTestClient(bootstrap).send(Topics.APPLICATIONS, KafkaTestClient.envelope(EventTypes.APPLICATION_SUBMITTED, app,
                "registration-service", new Payloads.ApplicationSubmitted(app, "alice", "RESIDENT", "ONLINE", "李华", id,
                        "masked", "13800138000", "110105-001", "110105", "zh")));
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
    void aRejectionWithReasonsFromTheCatalogue() throws Exception {
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
