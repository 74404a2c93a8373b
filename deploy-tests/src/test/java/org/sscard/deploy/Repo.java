package org.sscard.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the manifests are checked against, read from the repository's own files as text. */
final class Repo {
    /** The four services, each a module of the same name, an image {@code sscard/<name>} and a Deployment. */
    static final List<String> SERVICES = List.of("registration-service", "review-service", "card-production-service",
            "notification-service");

    static final Path ROOT = root();
    static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");

    private Repo() {
    }

    private static Path root() {
        String configured = System.getProperty("sscard.root");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy/kubernetes")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root with deploy/kubernetes above " + start);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project's version (the root pom's), which the base's image tags carry. */
    static String projectVersion() {
        Matcher m = Pattern.compile("<artifactId>sscard-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(read(ROOT.resolve("pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("no version in the root pom.xml");
        }
        return m.group(1);
    }

    // --- Configuration of the services ---

    /**
     * The configuration a service runs with, profile-specific keys left out: the platform's defaults
     * (microprofile-config.properties) overridden by the service's application.properties.
     */
    static Map<String, String> configuration(String service) {
        Map<String, String> config = new TreeMap<>();
        config.putAll(properties(ROOT.resolve("platform/src/main/resources/META-INF/microprofile-config.properties")));
        config.putAll(properties(ROOT.resolve(service).resolve("src/main/resources/application.properties")));
        return config;
    }

    private static Map<String, String> properties(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> out = new TreeMap<>();
        p.stringPropertyNames().stream().filter(k -> !k.startsWith("%")).forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    /** The environment variable Quarkus reads for a configuration key (docs/operations.md, Configuration). */
    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    static boolean isLoopback(String value) {
        return value != null && (value.contains("localhost") || value.contains("127.0.0.1"));
    }

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Z0-9_]+)(:([^}]*))?}");

    /**
     * Variables that may be left unset because their loopback default is harmless in a cluster, with the reason.
     */
    static final Map<String, String> LOOPBACK_DEFAULT_IS_FINE = Map.of("SSCARD_PUBLIC_URL",
            "only the server URL written into the OpenAPI document, where Swagger UI sends its calls");

    /**
     * The environment variables a service needs in a cluster, each with the value it would take without one (null
     * for none): every {@code ${VAR}} without a default (the service refuses to start without it); every variable
     * and every key whose default points at this machine (localhost, 127.0.0.1), from the configuration files and
     * from the defaults of the service's {@code @ConfigMapping} interfaces; and the database credentials, whose
     * default is the development login.
     */
    static Map<String, String> requiredEnvironment(String service) {
        Map<String, String> required = new TreeMap<>();
        configuration(service).forEach((key, value) -> {
            Matcher m = REFERENCE.matcher(value);
            boolean references = false;
            while (m.find()) {
                references = true;
                String variable = m.group(1);
                String fallback = m.group(3);
                if (m.group(2) == null) {
                    required.put(variable, null);
                } else if (isLoopback(fallback) && !LOOPBACK_DEFAULT_IS_FINE.containsKey(variable)) {
                    required.put(variable, fallback);
                }
            }
            if (!references && isLoopback(value)) {
                required.put(envName(key), value);
            }
        });
        mappingDefaults(ROOT.resolve(service).resolve("src/main/java")).forEach((key, value) -> {
            if (isLoopback(value)) {
                required.put(envName(key), value);
            }
        });
        required.put("SSCARD_PG_USER", "postgres");
        required.put("SSCARD_PG_PASSWORD", "postgres");
        return required;
    }

    private static final Pattern MAPPING_PREFIX = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern MAPPING_DEFAULT = Pattern.compile(
            "@WithDefault\\(\"([^\"]*)\"\\)\\s+[\\w.<>, ]+\\s+(\\w+)\\(\\)");

    /** {@code prefix.kebab-name -> default} of the top-level methods of every {@code @ConfigMapping} in the sources. */
    private static Map<String, String> mappingDefaults(Path sources) {
        Map<String, String> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                String text = read(f);
                Matcher prefix = MAPPING_PREFIX.matcher(text);
                if (!prefix.find()) {
                    return;
                }
                Matcher d = MAPPING_DEFAULT.matcher(text);
                while (d.find()) {
                    out.put(prefix.group(1) + "." + kebab(d.group(2)), d.group(1));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The service's API port and management port when run locally (quarkus.http.port, quarkus.management.port). */
    static Map<Integer, String> localPorts(String service) {
        Map<String, String> c = configuration(service);
        return Map.of(Integer.parseInt(c.get("quarkus.http.port")), "http",
                Integer.parseInt(c.get("quarkus.management.port")), "management");
    }

    /** The pool size of the service's database connections (quarkus.datasource.jdbc.max-size). */
    static int defaultPoolSize(String service) {
        return Integer.parseInt(configuration(service).get("quarkus.datasource.jdbc.max-size"));
    }

    /** The database of the service: what its JDBC URL appends to SSCARD_PG_URL. */
    static String database(String service) {
        String url = configuration(service).get("quarkus.datasource.jdbc.url");
        Matcher m = Pattern.compile("^\\$\\{SSCARD_PG_URL:[^}]*}/(\\w+)$").matcher(url);
        if (!m.matches()) {
            throw new IllegalStateException(service + ": unexpected quarkus.datasource.jdbc.url " + url);
        }
        return m.group(1);
    }

    /** The databases deploy/init-databases.sql creates for Docker Compose. */
    static TreeSet<String> composeDatabases() {
        TreeSet<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("(?im)^\\s*CREATE DATABASE\\s+(\\w+)\\s*;").matcher(read(ROOT.resolve("deploy/init-databases.sql")));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    // --- Topics ---

    private static final Path TOPICS = ROOT.resolve("events/src/main/java/org/sscard/events/Topics.java");

    /** The full topic names among the string constants of Topics.java ("sscard.dlq." is a prefix, not a topic). */
    static TreeSet<String> topicConstants() {
        TreeSet<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("\"(sscard\\.[a-z0-9.\\-]*)\"").matcher(read(TOPICS));
        while (m.find()) {
            if (!m.group(1).endsWith(".")) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** What Topics.java appends for the bulk lane (BULK_SUFFIX; ".bulk" in a Topics.java from before the lanes). */
    static String bulkSuffix() {
        Matcher m = Pattern.compile("BULK_SUFFIX\\s*=\\s*\"([^\"]+)\"").matcher(read(TOPICS));
        return m.find() ? m.group(1) : ".bulk";
    }

    /** The prefix of the dead-letter topics (Topics.deadLetter). */
    static String deadLetterPrefix() {
        Matcher m = Pattern.compile("deadLetter\\(String \\w+\\)\\s*\\{\\s*return\\s*\"([^\"]+)\"\\s*\\+").matcher(read(TOPICS));
        if (!m.find()) {
            throw new IllegalStateException("no deadLetter(...) in " + TOPICS);
        }
        return m.group(1);
    }

    /** Partitions of every event topic (Topics.PARTITIONS), if Topics.java declares them. */
    static Optional<Integer> partitions() {
        Matcher m = Pattern.compile("int\\s+PARTITIONS\\s*=\\s*(\\d+)").matcher(read(TOPICS));
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /**
     * Every topic a service reads or dead-letters to, from the {@code mp.messaging.incoming.*} channels of its
     * application.properties (channels that subscribe to a pattern left out).
     */
    static TreeSet<String> channelTopics(String service) {
        Map<String, String> c = configuration(service);
        TreeSet<String> out = new TreeSet<>();
        c.forEach((key, value) -> {
            Matcher m = Pattern.compile("^mp\\.messaging\\.incoming\\.([^.]+)\\.(topic|dead-letter-queue\\.topic)$").matcher(key);
            if (m.matches() && !"true".equals(c.get("mp.messaging.incoming." + m.group(1) + ".pattern"))) {
                out.add(value);
            }
        });
        return out;
    }
}
