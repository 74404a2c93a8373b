package org.sscard.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation of every service's OpenAPI document, as the build wrote it, is a method of the generated Java
 * client and of the generated TypeScript client: the clients are the whole API, and an operation added to a service
 * reaches them without anyone listing it.
 */
class GeneratedClientsTest {

    /** The operation ids of a service's document; each operation also documents its success answer. */
    static List<String> operationIds(String service) throws IOException {
        JsonNode doc = new ObjectMapper().readTree(Path.of("..", service, "target", "openapi", "openapi.json").toFile());
        List<String> ids = new ArrayList<>();
        List<String> undocumented = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                ids.add(op.getValue().path("operationId").asText(op.getKey() + " " + path.getKey()));
                boolean success = false;
                for (Iterator<String> codes = op.getValue().path("responses").fieldNames(); codes.hasNext(); ) {
                    success |= codes.next().startsWith("2");
                }
                if (!success) {
                    undocumented.add(op.getKey() + " " + path.getKey());
                }
            }
        }
        assertEquals(List.of(), undocumented, service + ": operations whose success answer is not documented");
        return ids;
    }

    @ParameterizedTest
    @CsvSource({"registration-service,registration", "review-service,review",
            "card-production-service,cardproduction", "notification-service,notification"})
    void everyOperationIsAMethodOfBothClients(String service, String pkg) throws Exception {
        List<String> ids = operationIds(service);
        assertTrue(ids.size() > 5, service + " documents its operations: " + ids);
        assertEquals(ids.size(), new HashSet<>(ids).size(), "operation ids are unique in " + service + ": " + ids);

        Set<String> javaMethods = new HashSet<>();
        Path apiDir = Path.of("target", "generated-sources", "openapi-java", pkg, "src", "main", "java", "org", "sscard",
                "client", pkg, "api");
        try (Stream<Path> files = Files.list(apiDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith("Api.java")).toList()) {
                String name = "org.sscard.client." + pkg + ".api." + f.getFileName().toString().replace(".java", "");
                for (Method m : Class.forName(name).getDeclaredMethods()) {
                    if (Modifier.isPublic(m.getModifiers())) {
                        javaMethods.add(m.getName());
                    }
                }
            }
        }
        List<String> missingJava = ids.stream().filter(id -> !javaMethods.contains(id)).toList();
        assertEquals(List.of(), missingJava, "operations of " + service + " without a Java client method");

        String typescript;
        try (Stream<Path> files = Files.list(Path.of("target", "typescript", service, "src", "apis"))) {
            typescript = files.map(p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).collect(Collectors.joining("\n"));
        }
        List<String> missingTs = ids.stream().filter(id -> !typescript.contains("async " + id + "(")).toList();
        assertEquals(List.of(), missingTs, "operations of " + service + " without a TypeScript client method");
    }
}
