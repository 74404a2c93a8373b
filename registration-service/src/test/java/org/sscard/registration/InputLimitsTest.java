package org.sscard.registration;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.sscard.infra.DevTokens;
import org.sscard.infra.InfraTestResource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** Hostile input is refused at the edge with a 400 problem, and the service stays ready. */
@QuarkusTest
@QuarkusTestResource(InfraTestResource.class)
class InputLimitsTest {
    static final String CLERK = DevTokens.token("intake-clerk", "limits-clerk");

    @Test
    void aDeeplyNestedBodyIsRefusedBeforeItIsBuilt() {
        // an unknown property is skipped, so its depth is what Jackson would have to walk
        for (int depth : new int[]{40, 3000}) {
            String deep = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            given().auth().oauth2(CLERK).contentType(ContentType.JSON).body("{\"unknown\":" + deep + "}")
                    .post("/api/v1/applications")
                    .then().statusCode(400).contentType(containsString("application/problem+json"))
                    .body("code", equalTo("INPUT_LIMIT_EXCEEDED")).body(not(containsString("Exception")))
                    .body(not(containsString("StreamReadConstraints")));
        }
        String arrays = "[".repeat(3000) + "]".repeat(3000);
        for (String path : java.util.List.of("/api/v1/applications", "/api/v1/employers", "/api/v1/applications/drafts")) {
            given().auth().oauth2(CLERK).contentType(ContentType.JSON).body(arrays).post(path)
                    .then().statusCode(400).contentType(containsString("application/problem+json"));
        }
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void controlCharactersInABodyAPathOrAQueryAreRefused() {
        String nul = """
                {"category":"RESIDENT","name":"张\\u0000三","idNumber":"%s","phone":"13800138000","outletCode":"110105-001"}
                """.formatted(TestIds.next());
        given().auth().oauth2(CLERK).contentType(ContentType.JSON).body(nul).post("/api/v1/applications")
                .then().statusCode(400).body("code", equalTo("CONTROL_CHARACTER"))
                .body("errors[0].field", equalTo("name"));
        String escape = nul.replace("\\u0000", "\\u001b[2J");
        given().auth().oauth2(CLERK).contentType(ContentType.JSON).body(escape).post("/api/v1/applications")
                .then().statusCode(400).body("code", equalTo("CONTROL_CHARACTER"));
        given().auth().oauth2(CLERK).urlEncodingEnabled(false).get("/api/v1/applications?idNumber=%00abc")
                .then().statusCode(400).body("code", equalTo("CONTROL_CHARACTER"));
        given().auth().oauth2(CLERK).urlEncodingEnabled(false).get("/api/v1/applications?idNumber=%C3%28")
                .then().statusCode(400);
        given().auth().oauth2(CLERK).urlEncodingEnabled(false).get("/api/v1/applications/%00")
                .then().statusCode(400).body("code", equalTo("CONTROL_CHARACTER"));
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void invalidUtf8InABodyIsMalformedJson() {
        byte[] body = "{\"category\":\"RESIDENT\",\"name\":\"\u00ff\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        given().auth().oauth2(CLERK).contentType("application/json; charset=UTF-8").body(body).post("/api/v1/applications")
                .then().statusCode(400).body("code", equalTo("MALFORMED_JSON"));
    }
}
