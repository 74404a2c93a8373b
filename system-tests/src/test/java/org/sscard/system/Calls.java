package org.sscard.system;

import io.restassured.path.json.JsonPath;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTP calls of a system test as clients make them, each answer counted by status. An answer a client must never get
 * is a finding: a 5xx other than 503, a 503 without problem+json and Retry-After, or no answer within the timeout from
 * a service that runs (a request hanging on a dependency). A service that is not running refuses the connection:
 * counted as unreachable, and retried by the caller like a 503.
 */
final class Calls {
    /** An answer: status 0 when the service could not be reached. */
    record Answer(int status, String body) {
        JsonPath json() {
            return JsonPath.from(body);
        }

        boolean ok() {
            return status == 200 || status == 201 || status == 202;
        }

        /** The dependency is away, or the service is: try again after a moment. */
        boolean retry() {
            return status == 503 || status == 0;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Duration timeout;
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final Queue<String> findings = new ConcurrentLinkedQueue<>();

    Calls(Duration timeout) {
        this.timeout = timeout;
    }

    Answer get(String url, String token) {
        return send("GET", url, token, null, null);
    }

    Answer post(String url, String token, String json) {
        return send("POST", url, token, "application/json", json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    /** A multipart/form-data POST: each part is {name, filename, content type, bytes}. */
    Answer multipart(String url, String token, List<Object[]> parts) {
        String boundary = "sscard-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Object[] p : parts) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p[0] + "\"; filename=\""
                    + p[1] + "\"\r\nContent-Type: " + p[2] + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes((byte[]) p[3]);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send("POST", url, token, "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    Answer send(String method, String url, String token, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        Answer a;
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            a = new Answer(r.statusCode(), r.body());
            if (r.statusCode() == 503 && (r.headers().firstValue("Retry-After").isEmpty()
                    || !r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"))) {
                findings.add(method + " " + path(url) + ": 503 without Retry-After or problem+json: " + cut(r.body()));
            } else if (r.statusCode() >= 500 && r.statusCode() != 503) {
                findings.add(method + " " + path(url) + ": " + r.statusCode() + " " + cut(r.body()));
            }
        } catch (HttpTimeoutException e) {
            findings.add(method + " " + path(url) + ": no answer within " + timeout.toSeconds() + " s");
            a = new Answer(0, "");
        } catch (IOException e) {
            a = new Answer(0, ""); // refused: the service is not running
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            a = new Answer(0, "");
        }
        statuses.computeIfAbsent(a.status(), s -> new AtomicInteger()).incrementAndGet();
        return a;
    }

    List<String> findings() {
        return List.copyOf(findings);
    }

    /** Answers by status (0: unreachable). */
    Map<Integer, Integer> statuses() {
        Map<Integer, Integer> out = new TreeMap<>();
        statuses.forEach((s, n) -> out.put(s, n.get()));
        return out;
    }

    private static String path(String url) {
        return URI.create(url).getPath();
    }

    private static String cut(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) : s;
    }
}
