package org.sscard.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The operations of a running service's OpenAPI document, as the generated tests walk them. */
record OpenApiOperations(List<Operation> operations) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH");

    /** One operation: its method, its path template and its description in the document. */
    record Operation(String method, String path, JsonNode doc) {
        /** The names of its parameters in {@code where} ({@code path}, {@code query}). */
        List<String> parameters(String where) {
            List<String> names = new ArrayList<>();
            for (JsonNode p : doc.path("parameters")) {
                if (p.path("in").asText().equals(where)) {
                    names.add(p.path("name").asText());
                }
            }
            return names;
        }

        /** Server-sent events never end: the generated tests leave them out. */
        boolean streams() {
            return doc.path("responses").toString().contains("text/event-stream");
        }
    }

    /** The document served at {@code managementUrl}/q/openapi, its streaming operations left out. */
    static OpenApiOperations of(String managementUrl) throws IOException, InterruptedException {
        JsonNode doc = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl + "/q/openapi?format=json"))
                .build(), HttpResponse.BodyHandlers.ofByteArray()).body());
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                Operation o = new Operation(op.getKey().toUpperCase(), path.getKey(), op.getValue());
                if (METHODS.contains(o.method()) && !o.streams()) {
                    operations.add(o);
                }
            }
        }
        return new OpenApiOperations(operations);
    }
}
