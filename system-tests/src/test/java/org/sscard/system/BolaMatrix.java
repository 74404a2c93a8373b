package org.sscard.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Broken object-level authorisation, tried on every operation of a service's OpenAPI document that takes the id
 * of somebody's record (in its path, or as {@code applicationId} in its query). The record is real: a person's
 * application, review case and activated card, and an employer's roster. For each operation:
 * <ul>
 *   <li>every attacker (another applicant, the owner's own account verified as somebody else, the owner's account
 *   without a verified identity, an employer of another company) gets {@code 403} or {@code 404}, or an empty
 *   list, with a valid body where the operation takes one, so that only ownership can refuse it;</li>
 *   <li>on reads, the owner and every staff role get {@code 200} or {@code 403} (a role the operation does not
 *   allow), never {@code 404}: what is theirs to see is found.</li>
 * </ul>
 * Writes by the owner and by staff are the journeys' business; here they would change the record under test.
 */
final class BolaMatrix {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final Set<String> WRITES = Set.of("POST", "PUT", "DELETE", "PATCH");

    /** The records under test and who owns them. */
    record Fixture(String application, String review, String card, String roster, String employer,
                   String holderIdNumber, String holderToken, String employerToken, Function<String, String> faceCheck,
                   byte[] photo) {
    }

    record Actor(String name, String token) {
    }

    /** One operation tried by one actor, answered as it must not be. */
    record Finding(String service, String method, String path, String actor, int status, String body) {
        @Override
        public String toString() {
            return service + " " + method + " " + path + " as " + actor + " -> " + status + " "
                    + (body.length() > 120 ? body.substring(0, 120) : body);
        }
    }

    /** How many operations were tried, and what was answered wrongly. */
    record Result(List<String> tried, List<Finding> findings) {
    }

    static Result run(String service, String apiUrl, String managementUrl, Fixture f, List<Actor> attackers,
                      List<Actor> staff) throws IOException, InterruptedException {
        List<String> tried = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (OpenApiOperations.Operation op : OpenApiOperations.of(managementUrl).operations()) {
            String method = op.method();
            String path = fill(op.path(), f);
            boolean byQuery = false;
            if (path == null) {
                continue; // an id of no person's record (a template, a reason code): staff catalogues
            }
            if (path.equals(op.path())) { // no path id: an operation on somebody's record by query?
                if (!method.equals("GET") || !op.parameters("query").contains("applicationId")) {
                    continue;
                }
                path = path + "?applicationId=" + f.application();
                byQuery = true;
            }
            tried.add(method + " " + op.path() + (byQuery ? "?applicationId" : ""));
            Request body = body(method, op.path(), f);
            boolean employers = op.path().startsWith("/api/v1/rosters") || op.path().startsWith("/api/v1/employers");
            for (Actor a : attackers) {
                HttpResponse<String> r = send(method, apiUrl + path, body, a.token());
                boolean refused = r.statusCode() == 403 || r.statusCode() == 404
                        || (byQuery && r.statusCode() == 200 && r.body().trim().equals("[]"));
                if (!refused) {
                    findings.add(new Finding(service, method, path, a.name(), r.statusCode(), r.body()));
                }
            }
            if (!WRITES.contains(method)) {
                List<Actor> readers = new ArrayList<>(staff);
                readers.add(0, new Actor(employers ? "the employer" : "the holder",
                        employers ? f.employerToken() : f.holderToken()));
                for (Actor a : readers) {
                    HttpResponse<String> r = send(method, apiUrl + path, null, a.token());
                    boolean found = r.statusCode() == 403 || (r.statusCode() == 200
                            && !(byQuery && r.body().trim().equals("[]")));
                    if (!found) {
                        findings.add(new Finding(service, method, path, a.name(), r.statusCode(), r.body()));
                    }
                }
            }
        }
        return new Result(tried, findings);
    }

    /** The path with the fixture's ids in it, or null when it takes an id that is nobody's record. */
    static String fill(String template, Fixture f) {
        String s = template.replace("{cardNumber}", f.card()).replace("{creditCode}", f.employer())
                .replace("{kind}", "PHOTO");
        if (s.contains("{id}")) {
            String id = s.startsWith("/api/v1/applications/") ? f.application()
                    : s.startsWith("/api/v1/rosters/") ? f.roster()
                    : s.startsWith("/api/v1/reviews/") ? f.review() : null;
            if (id == null) {
                return null;
            }
            s = s.replace("{id}", id);
        }
        return s.contains("{") ? null : s;
    }

    record Request(byte[] bytes, String contentType) {
        static Request json(String text) {
            return new Request(text.getBytes(StandardCharsets.UTF_8), "application/json");
        }
    }

    /** A body the operation accepts, so that only ownership can refuse the request. */
    static Request body(String method, String template, Fixture f) {
        if (!WRITES.contains(method) || method.equals("DELETE")) {
            return null;
        }
        String id = f.holderIdNumber();
        Map<String, Request> bySuffix = new LinkedHashMap<>();
        bySuffix.put("/pin/change", Request.json("{\"oldPin\":\"135790\",\"newPin\":\"246801\"}"));
        bySuffix.put("/pin/verification", Request.json("{\"pin\":\"000001\"}"));
        bySuffix.put("/pin/reset", Request.json("{\"idNumber\":\"" + id + "\",\"newPin\":\"864209\"}"));
        bySuffix.put("/pin", Request.json("{\"pin\":\"135790\"}"));
        bySuffix.put("/collection", Request.json("{\"idNumber\":\"" + id + "\"}"));
        bySuffix.put("/formal-loss", Request.json("{\"idNumber\":\"" + id + "\"}"));
        bySuffix.put("/replacement", Request.json("{\"reason\":\"DAMAGED\",\"idNumber\":\"" + id + "\"}"));
        bySuffix.put("/bank-activation", Request.json("{\"bankName\":\"某银行\"}"));
        bySuffix.put("/cancellation", Request.json("{\"reason\":\"EMIGRATION\"}"));
        bySuffix.put("/electronic-card", Request.json("{\"faceVerification\":\"" + f.faceCheck().apply(id) + "\"}"));
        bySuffix.put("/withdrawal", Request.json("{\"note\":\"not mine\"}"));
        bySuffix.put("/supplement", Request.json("{\"note\":\"not mine\"}"));
        bySuffix.put("/contact", Request.json("{\"phone\":\"13900139000\",\"language\":\"en\"}"));
        bySuffix.put("/decision", Request.json("{\"outcome\":\"APPROVE\",\"comment\":\"x\"}"));
        bySuffix.put("/materials/{kind}", new Request(f.photo(), "application/octet-stream"));
        for (Map.Entry<String, Request> e : bySuffix.entrySet()) {
            if (template.endsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return null; // activation, claim, release, QR, submission, a temporary loss: no body
    }

    private static HttpResponse<String> send(String method, String url, Request body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            r.header("Content-Type", body.contentType());
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private BolaMatrix() {
    }
}
