package org.sscard.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Hostile requests generated from a service's OpenAPI document: for every operation, malformed path and query
 * values and malformed bodies (wrong types, nulls, huge strings, deep nesting, invalid UTF-8, NUL, wrong content
 * types), with a token that holds every role, so that the requests get past authorisation into the code. What a
 * well-behaved service answers: never a 5xx, always a problem+json body for an error, never a stack trace.
 */
final class OpenApiFuzz {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final java.util.concurrent.atomic.AtomicInteger SENT = new java.util.concurrent.atomic.AtomicInteger();

    /** How many requests the fuzzing sent so far. */
    static int sent() {
        return SENT.get();
    }

    /** Path and query values, already percent-encoded where needed. */
    static final List<String> VALUES = List.of("%00", "x".repeat(3000), "..%2F..%2Fetc%2Fpasswd", "-1",
            "99999999999999999999999", "%E5%BC%A0%E4%B8%89", "%C3%28", "'%3B%20drop%20table%20card%3B--", "null",
            "%20", "%7B%7D", "%1B%5B2J");

    record Body(byte[] bytes, String contentType) {
        static Body of(String text, String contentType) {
            return new Body(text.getBytes(StandardCharsets.UTF_8), contentType);
        }
    }

    static final List<Body> BODIES = List.of(
            Body.of("null", "application/json"),
            Body.of("[]", "application/json"),
            Body.of("{}", "application/json"),
            Body.of("\"a string\"", "application/json"),
            Body.of("12345", "application/json"),
            Body.of("{\"a\":".repeat(3000) + "1" + "}".repeat(3000), "application/json"),
            Body.of("[".repeat(3000) + "]".repeat(3000), "application/json"),
            Body.of("{\"name\":\"" + "a".repeat(60_000) + "\"}", "application/json"),
            new Body(new byte[]{'{', '"', 'n', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'}, "application/json"),
            Body.of("{\"name\":\"\\u0000\",\"note\":\"\\u001b[2J\"}", "application/json"),
            Body.of("{\"name\":{\"nested\":[1,2,3]},\"idNumber\":[],\"outcome\":42,\"pin\":true}", "application/json"),
            Body.of("{", "application/json"),
            Body.of("{}", "text/plain"),
            Body.of("<x/>", "application/xml"),
            Body.of("{}", "application/json; charset=klingon"),
            Body.of("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nv\r\n--b--\r\n", "multipart/form-data; boundary=b"),
            Body.of("not multipart at all", "multipart/form-data"),
            Body.of("{}", "this is not a media type"));

    /** One request that was answered badly. */
    record Finding(String service, String method, String path, String contentType, int status, String body) {
        @Override
        public String toString() {
            return service + " " + method + " " + (path.length() > 100 ? path.substring(0, 100) + "…" : path)
                    + (contentType == null ? "" : " [" + contentType + "]") + " -> " + status + " "
                    + (body.length() > 160 ? body.substring(0, 160) : body);
        }
    }

    /** Every operation of the document at {@code managementUrl}, fuzzed against {@code apiUrl}. */
    static List<Finding> run(String service, String apiUrl, String managementUrl, String token) throws IOException,
            InterruptedException {
        List<Finding> findings = new ArrayList<>();
        for (OpenApiOperations.Operation op : OpenApiOperations.of(managementUrl).operations()) {
            String method = op.method();
            List<String> pathParams = op.parameters("path");
            // no token at all: 401, as a problem
            check(findings, service, method, apiUrl + fill(op.path(), pathParams, "0"), null, null, 401);
            for (String v : VALUES) {
                check(findings, service, method, apiUrl + fill(op.path(), pathParams, v), null, token, 0);
            }
            String base = apiUrl + fill(op.path(), pathParams, "0");
            for (String q : op.parameters("query")) {
                for (String v : VALUES) {
                    check(findings, service, method, base + "?" + q + "=" + v, null, token, 0);
                }
            }
            if (op.doc().has("requestBody") || method.equals("POST") || method.equals("PUT")) {
                for (Body b : BODIES) {
                    check(findings, service, method, base, b, token, 0);
                }
            }
        }
        return findings;
    }

    private static String fill(String template, List<String> names, String value) {
        String s = template;
        for (String n : names) {
            s = s.replace("{" + n + "}", value);
        }
        return s;
    }

    private static void check(List<Finding> findings, String service, String method, String url, Body body,
                              String token, int expected) throws InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
        if (body != null) {
            r.header("Content-Type", body.contentType());
        }
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        String path = URI.create(url).getRawPath() + (URI.create(url).getRawQuery() == null ? "" : "?" + URI.create(url).getRawQuery());
        HttpResponse<String> res;
        SENT.incrementAndGet();
        try {
            res = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            findings.add(new Finding(service, method, path, body == null ? null : body.contentType(), 0, e.toString()));
            return;
        }
        int status = res.statusCode();
        String type = res.headers().firstValue("Content-Type").orElse("");
        // an error names no exception; a listing may (the reason of a dead letter, for operations), never a trace
        boolean stackTrace = res.body().contains("\tat ") || status >= 400 && res.body().contains("Exception");
        // 414: the request line is longer than the HTTP layer reads (quarkus.http.limits.max-initial-line-length);
        // it is refused before any code runs, with no body to shape
        boolean problem = status < 400 || status == 414 || type.startsWith("application/problem+json");
        if (status >= 500 || stackTrace || !problem || (expected != 0 && status != expected)) {
            findings.add(new Finding(service, method, path, body == null ? null : body.contentType(), status, res.body()));
        }
    }

    private OpenApiFuzz() {
    }
}
