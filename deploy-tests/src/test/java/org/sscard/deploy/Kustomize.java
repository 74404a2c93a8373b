package org.sscard.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The part of kustomize these manifests use, done here because the tests have no kustomize binary: a kustomization's
 * {@code resources} (files, and directories with a kustomization of their own, recursively), {@code patches} (JSON
 * 6902 operations on every object their {@code target} selects), {@code images}, {@code labels} (metadata only) and
 * {@code namespace}. Anything else in a kustomization fails the build rather than being silently ignored: extend
 * this class before using another kustomize feature. Like kustomize, it refuses a resource file that does not exist,
 * a patch whose target matches no object, a patch operation on a path that does not exist, and two objects with the
 * same kind, namespace and name.
 */
final class Kustomize {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "resources", "namespace", "labels",
            "patches", "images");

    /** The objects a kustomization produces, and every file it read. */
    record Output(List<ObjectNode> objects, Set<Path> files) {
    }

    private Kustomize() {
    }

    static Output build(Path directory) {
        Set<Path> files = new LinkedHashSet<>();
        List<ObjectNode> objects = load(directory.toAbsolutePath().normalize(), files, new HashSet<>());
        return new Output(objects, files);
    }

    /** Every YAML document of a file that is not empty; each must be a mapping. */
    static List<ObjectNode> documents(Path file) {
        List<ObjectNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNextValue()) {
                JsonNode doc = it.nextValue();
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                if (!doc.isObject()) {
                    throw new AssertionError(file + ": a document that is not a mapping: " + doc);
                }
                out.add((ObjectNode) doc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": not valid YAML", e);
        }
        return out;
    }

    private static List<ObjectNode> load(Path directory, Set<Path> files, Set<Path> visiting) {
        Path file = directory.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new AssertionError(directory + " has no kustomization.yaml");
        }
        if (!visiting.add(directory)) {
            throw new AssertionError(file + ": a cycle of resources");
        }
        files.add(file);
        List<ObjectNode> docs = documents(file);
        if (docs.size() != 1) {
            throw new AssertionError(file + ": expected one document, found " + docs.size());
        }
        ObjectNode k = docs.get(0);
        require(file, "kustomize.config.k8s.io/v1beta1".equals(k.path("apiVersion").asText())
                && "Kustomization".equals(k.path("kind").asText()), "apiVersion/kind is not kustomize.config.k8s.io/v1beta1 Kustomization");
        k.fieldNames().forEachRemaining(f -> require(file, FIELDS.contains(f),
                "field '" + f + "' is not understood by this test's kustomize (Kustomize.java)"));

        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode resource : k.path("resources")) {
            Path p = directory.resolve(resource.asText()).normalize();
            if (Files.isDirectory(p)) {
                objects.addAll(load(p, files, visiting));
            } else if (Files.isRegularFile(p)) {
                files.add(p);
                List<ObjectNode> loaded = documents(p);
                require(p, !loaded.isEmpty(), "a resource file without objects");
                objects.addAll(loaded);
            } else {
                throw new AssertionError(file + ": resource " + resource.asText() + " does not exist");
            }
        }
        for (JsonNode patch : k.path("patches")) {
            patch(file, directory, patch, objects, files);
        }
        for (JsonNode image : k.path("images")) {
            image(file, image, objects);
        }
        for (JsonNode labels : k.path("labels")) {
            require(file, !labels.path("includeSelectors").asBoolean(false),
                    "labels with includeSelectors: selectors are immutable, and this test does not model them");
            require(file, !labels.path("includeTemplates").asBoolean(false),
                    "labels with includeTemplates: not modelled by this test (and needs kustomize 5)");
            for (ObjectNode o : objects) {
                ObjectNode target = o.withObjectProperty("metadata").withObjectProperty("labels");
                labels.path("pairs").fields().forEachRemaining(e -> target.set(e.getKey(), e.getValue().deepCopy()));
            }
        }
        if (k.hasNonNull("namespace")) {
            for (ObjectNode o : objects) {
                if (!"Namespace".equals(o.path("kind").asText())) {
                    o.withObjectProperty("metadata").put("namespace", k.get("namespace").asText());
                }
            }
        }
        Set<String> ids = new HashSet<>();
        for (ObjectNode o : objects) {
            String id = group(o) + "/" + o.path("kind").asText() + " " + o.path("metadata").path("namespace").asText("")
                    + "/" + o.path("metadata").path("name").asText();
            require(file, !o.path("metadata").path("name").asText().isEmpty(), "an object without a name: " + id);
            require(file, ids.add(id), "two objects " + id);
        }
        visiting.remove(directory);
        return objects;
    }

    private static void patch(Path file, Path directory, JsonNode patch, List<ObjectNode> objects, Set<Path> files) {
        JsonNode operations;
        if (patch.has("path")) {
            Path p = directory.resolve(patch.get("path").asText()).normalize();
            require(file, Files.isRegularFile(p), "patch file " + patch.get("path").asText() + " does not exist");
            files.add(p);
            try {
                operations = YAML.readTree(p.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(p + ": not valid YAML", e);
            }
        } else {
            require(file, patch.hasNonNull("patch"), "a patch with neither path nor patch");
            try {
                operations = YAML.readTree(patch.get("patch").asText());
            } catch (IOException e) {
                throw new AssertionError(file + ": a patch that is not valid YAML: " + e.getMessage());
            }
        }
        require(file, operations != null && operations.isArray(),
                "only JSON 6902 patches (a list of operations) are understood by this test");
        JsonNode target = patch.path("target");
        require(file, target.isObject() && target.hasNonNull("kind"), "a patch without a target kind");
        target.fieldNames().forEachRemaining(f -> require(file, Set.of("group", "version", "kind", "name").contains(f),
                "patch target field '" + f + "' is not understood by this test"));
        int matched = 0;
        for (ObjectNode o : objects) {
            if (selects(target, o)) {
                matched++;
                for (JsonNode op : operations) {
                    apply(file, o, op);
                }
            }
        }
        require(file, matched > 0, "patch target " + target + " matches no object");
    }

    private static boolean selects(JsonNode target, ObjectNode o) {
        if (!target.get("kind").asText().equals(o.path("kind").asText())) {
            return false;
        }
        if (target.has("group") && !target.get("group").asText().equals(group(o))) {
            return false;
        }
        if (target.has("version") && !target.get("version").asText().equals(version(o))) {
            return false;
        }
        // kustomize anchors the name: a regular expression that must match all of it
        return !target.has("name") || o.path("metadata").path("name").asText().matches(target.get("name").asText());
    }

    static String group(JsonNode o) {
        String apiVersion = o.path("apiVersion").asText();
        return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    }

    private static String version(JsonNode o) {
        String apiVersion = o.path("apiVersion").asText();
        return apiVersion.substring(apiVersion.indexOf('/') + 1);
    }

    /** One JSON 6902 operation (add, replace, remove) on {@code o}. */
    private static void apply(Path file, ObjectNode o, JsonNode op) {
        String kind = op.path("op").asText();
        String path = op.path("path").asText();
        String where = file + ": " + kind + " " + path + " on " + o.path("kind").asText() + " "
                + o.path("metadata").path("name").asText();
        require(file, path.startsWith("/"), "a path that is not a JSON pointer: " + path);
        String[] tokens = path.substring(1).split("/", -1);
        JsonNode parent = o;
        for (int i = 0; i < tokens.length - 1; i++) {
            parent = child(parent, unescape(tokens[i]));
            if (parent == null) {
                throw new AssertionError(where + ": " + unescape(tokens[i]) + " does not exist");
            }
        }
        String last = unescape(tokens[tokens.length - 1]);
        JsonNode value = op.has("value") ? op.get("value").deepCopy() : null;
        switch (kind) {
            case "add" -> {
                require(file, value != null, "add without a value");
                if (parent instanceof ObjectNode obj) {
                    obj.set(last, value);
                } else if (parent instanceof ArrayNode arr) {
                    if ("-".equals(last)) {
                        arr.add(value);
                    } else {
                        int index = Integer.parseInt(last);
                        if (index > arr.size()) {
                            throw new AssertionError(where + ": index out of range");
                        }
                        arr.insert(index, value);
                    }
                } else {
                    throw new AssertionError(where + ": the parent is not an object or a list");
                }
            }
            case "replace" -> {
                require(file, value != null, "replace without a value");
                if (child(parent, last) == null) {
                    throw new AssertionError(where + ": nothing to replace there");
                }
                if (parent instanceof ObjectNode obj) {
                    obj.set(last, value);
                } else {
                    ((ArrayNode) parent).set(Integer.parseInt(last), value);
                }
            }
            case "remove" -> {
                if (child(parent, last) == null) {
                    throw new AssertionError(where + ": nothing to remove there");
                }
                if (parent instanceof ObjectNode obj) {
                    obj.remove(last);
                } else {
                    ((ArrayNode) parent).remove(Integer.parseInt(last));
                }
            }
            default -> throw new AssertionError(where + ": operation not understood by this test");
        }
    }

    private static JsonNode child(JsonNode parent, String token) {
        if (parent instanceof ObjectNode obj) {
            return obj.get(token);
        }
        if (parent instanceof ArrayNode arr && token.matches("\\d+")) {
            int i = Integer.parseInt(token);
            return i < arr.size() ? arr.get(i) : null;
        }
        return null;
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    /** kustomize's images: a new name, tag or digest for the containers whose image has the given name. */
    private static void image(Path file, JsonNode image, List<ObjectNode> objects) {
        image.fieldNames().forEachRemaining(f -> require(file, Set.of("name", "newName", "newTag", "digest").contains(f),
                "images field '" + f + "' is not understood by this test"));
        String name = image.path("name").asText();
        int matched = 0;
        for (ObjectNode o : objects) {
            for (String list : List.of("containers", "initContainers")) {
                for (JsonNode c : o.path("spec").path("template").path("spec").path(list)) {
                    String current = c.path("image").asText();
                    int at = current.indexOf('@');
                    String withoutDigest = at >= 0 ? current.substring(0, at) : current;
                    int colon = withoutDigest.lastIndexOf(':');
                    boolean tagged = colon > withoutDigest.lastIndexOf('/');
                    String repository = tagged ? withoutDigest.substring(0, colon) : withoutDigest;
                    if (!repository.equals(name)) {
                        continue;
                    }
                    matched++;
                    String suffix = at >= 0 ? current.substring(at) : tagged ? withoutDigest.substring(colon) : "";
                    if (image.has("digest")) {
                        suffix = "@" + image.get("digest").asText();
                    } else if (image.has("newTag")) {
                        suffix = ":" + image.get("newTag").asText();
                    }
                    ((ObjectNode) c).set("image", TextNode.valueOf(image.path("newName").asText(repository) + suffix));
                }
            }
        }
        require(file, matched > 0, "images entry " + name + " matches no container");
    }

    private static void require(Path file, boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(file + ": " + message);
        }
    }
}
