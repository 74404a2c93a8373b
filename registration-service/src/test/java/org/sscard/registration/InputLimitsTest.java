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

    /**
     * Sends only the request line and headers of an upload that declares {@code length} bytes, and reads the answer:
     * an answer that comes while the body has not been sent shows the limit holds before the body is read.
     */
    static String headersOnly(String method, String path, String headers) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + CLERK + "\r\n" + headers + "\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] answer = new byte[4096];
            int n = socket.getInputStream().read(answer);
            return new String(answer, 0, Math.max(n, 0), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void aBodyOverItsEndpointsLimitIsRefusedBeforeItIsSent() throws Exception {
        String id = java.util.UUID.randomUUID().toString();
        // 40 MB is below the HTTP layer's 60 MB ceiling: the endpoint's own limit refuses it, from the header alone
        String material = headersOnly("PUT", "/api/v1/applications/" + id + "/materials/PHOTO",
                "Content-Type: image/jpeg\r\nContent-Length: 40000000\r\n");
        org.junit.jupiter.api.Assertions.assertTrue(material.startsWith("HTTP/1.1 413"), material);
        org.junit.jupiter.api.Assertions.assertTrue(material.contains("PAYLOAD_TOO_LARGE"), material);
        String submission = headersOnly("POST", "/api/v1/applications",
                "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 40000000\r\n");
        org.junit.jupiter.api.Assertions.assertTrue(submission.startsWith("HTTP/1.1 413"), submission);
        // a JSON form keeps the JSON limit on the same path
        String json = headersOnly("POST", "/api/v1/applications",
                "Content-Type: application/json\r\nContent-Length: 100000\r\n");
        org.junit.jupiter.api.Assertions.assertTrue(json.startsWith("HTTP/1.1 413"), json);
        // a raw upload that does not say how large it is would be read whole: it is refused before
        String chunked = headersOnly("PUT", "/api/v1/applications/" + id + "/materials/PHOTO",
                "Content-Type: image/jpeg\r\nTransfer-Encoding: chunked\r\n");
        org.junit.jupiter.api.Assertions.assertTrue(chunked.startsWith("HTTP/1.1 411"), chunked);
        org.junit.jupiter.api.Assertions.assertTrue(chunked.contains("LENGTH_REQUIRED"), chunked);
        // a roster may be large
        given().auth().oauth2(DevTokens.token("employer", EmployerTest.newCreditCode())).contentType("text/csv")
                .body(new byte[6_000_000]).post("/api/v1/rosters").then().statusCode(org.hamcrest.Matchers.not(413));
    }
}
