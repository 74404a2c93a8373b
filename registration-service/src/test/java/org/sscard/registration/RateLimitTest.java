package org.sscard.registration;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.sscard.infra.DevTokens;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

/**
 * The rate limiter, on the probe rules of the test profile (platform microprofile-config.properties): 3 requests
 * per subject and 5 per address for one, 2 per address for callers without a valid token for the other.
 */
@QuarkusTest
class RateLimitTest {

    @Test
    void eachSubjectAndEachAddressHasItsOwnAllowanceAndA429SaysWhenToComeBack() {
        String a = DevTokens.token("intake-clerk", "rl-a");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(a).get("/api/v1/rate-limit-probe").then().statusCode(404);
        }
        given().auth().oauth2(a).get("/api/v1/rate-limit-probe").then().statusCode(429)
                .contentType(containsString("application/problem+json")).body("code", equalTo("RATE_LIMITED"))
                .header("Retry-After", matchesPattern("[1-9][0-9]*"));
        // another subject has its own allowance, until the address has used up its five
        given().auth().oauth2(DevTokens.token("intake-clerk", "rl-b")).get("/api/v1/rate-limit-probe").then().statusCode(404);
        given().auth().oauth2(DevTokens.token("intake-clerk", "rl-c")).get("/api/v1/rate-limit-probe").then().statusCode(429);
        // other requests are not counted
        given().auth().oauth2(a).get("/api/v1/applications").then().statusCode(200);
        given().get("/q/metrics").then().body(containsString("sscard_rate_limited_total{rule=\"probe\""));
    }

    @Test
    void callersWithoutAValidTokenShareTheAllowanceOfTheirAddress() {
        given().get("/api/v1/anonymous-rate-limit-probe").then().statusCode(404);
        given().auth().oauth2("forged.token.value").get("/api/v1/anonymous-rate-limit-probe").then().statusCode(404);
        // a bad token counts as no token: nobody spends a subject's allowance with a forged one
        given().auth().oauth2("another.forged.token").get("/api/v1/anonymous-rate-limit-probe").then().statusCode(429)
                .body("code", equalTo("RATE_LIMITED"));
        given().get("/api/v1/anonymous-rate-limit-probe").then().statusCode(429);
        // a verified caller is not counted by an anonymous-only rule
        given().auth().oauth2(DevTokens.token("intake-clerk", "rl-d")).get("/api/v1/anonymous-rate-limit-probe")
                .then().statusCode(404);
    }
}
