package org.sscard.infra.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.sscard.events.Topics;
import org.sscard.infra.DevTokens;
import org.sscard.infra.SampleFiles;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The pipeline benchmark, against the running suite ({@code ./suite bench pipeline [ROWS [INTERACTIVE
 * [CLIENTS]]]}): while an employer's roster of ROWS rows runs, CLIENTS clients submit INTERACTIVE applications of
 * residents with their materials (one multipart call each), as a person would. It follows every consumer group's lag
 * every second until the whole pipeline has drained, and prints:
 * <ul>
 * <li>the roster: how long registration took to accept it (the last event in Kafka), and how long review, card
 * production and notification took to consume its lane;</li>
 * <li>each consumer group's events per second;</li>
 * <li>for the interactive applications, the p50/p95/p99 latency from the submission's 201 to its review task, and to
 * READY_FOR_COLLECTION, and how many reached it per second;</li>
 * <li>GET of one application against {@code /q/health/live} of the same service, each for 10 s;</li>
 * <li>the resident memory (RSS) of every process of the suite;</li>
 * <li>baselines measured in the same run: the raw Kafka producer rate and PostgreSQL's COPY rate, and the ratios.</li>
 * </ul>
 * A warm-up goes first and is not counted: a roster of {@code SSCARD_BENCH_WARMUP_ROWS} rows (5,000, or ROWS if fewer;
 * 0 for none) and one application per hundred rows, until every consumer has drained.
 * Applications reach READY_FOR_COLLECTION only when review approves them without a reviewer: start the suite with
 * {@code SSCARD_REVIEW_AUTO_APPROVE_CATEGORIES=RESIDENT,EMPLOYEE} (docs/performance.md).
 */
public final class PipelineBenchmark {
    /** Every consumer group of the four services, with the topics it reads. */
    private static final Map<String, List<String>> GROUPS = new LinkedHashMap<>();

    static {
        String apps = Topics.APPLICATIONS;
        String reviews = Topics.REVIEWS;
        String cards = Topics.CARDS;
        GROUPS.put("review-service", List.of(apps));
        GROUPS.put("review-service-bulk", List.of(Topics.lane(apps, true)));
        GROUPS.put("card-production-service", List.of(reviews, apps));
        GROUPS.put("card-production-service-bulk", List.of(Topics.lane(reviews, true), Topics.lane(apps, true)));
        GROUPS.put("registration-service", List.of(reviews, cards));
        GROUPS.put("registration-service-bulk", List.of(Topics.lane(reviews, true), Topics.lane(cards, true)));
        GROUPS.put("notification-service", List.of(apps, reviews, cards, Topics.ROSTERS));
        GROUPS.put("notification-service-bulk", List.of(Topics.lane(apps, true), Topics.lane(reviews, true),
                Topics.lane(cards, true)));
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int interactive = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int offset = Integer.parseInt(RosterBenchmark.env("SSCARD_PORT_OFFSET", "0"));
        String registration = "http://127.0.0.1:" + (8081 + offset);
        String review = "http://127.0.0.1:" + (8082 + offset);
        String registrationManagement = "http://127.0.0.1:" + (9081 + offset);
        String pgUrl = System.getenv("SSCARD_PG_URL") + "/registration";
        String bootstrap = System.getenv("SSCARD_KAFKA_BOOTSTRAP");
        Path pids = Path.of(RosterBenchmark.env("SSCARD_STATE_DIR", ".suite")).resolve("pids");
        System.out.printf("Pipeline benchmark: a roster of %,d rows while %d clients submit %d applications with "
                        + "materials; %d cores, Java %s%n", rows, clients, interactive,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Random random = new Random();
        String employer = RosterBenchmark.creditCode(random);
        RosterBenchmark.send(http, HttpRequest.newBuilder(URI.create(registration + "/api/v1/employers"))
                .header("Authorization", "Bearer " + DevTokens.token("intake-clerk", "bench-clerk"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"creditCode\":\"" + employer + "\",\"name\":\"基准测试有限公司\","
                        + "\"contactName\":\"李经理\",\"contactPhone\":\"13800138000\"}")), 201);
        RosterBenchmark.Roster roster = RosterBenchmark.generate(rows, 0, random);
        List<String> idNumbers = RosterBenchmark.generate(interactive, 0, random).copyRows().stream()
                .map(r -> r[1]).toList();

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Lag lag = new Lag(admin);
            // A service that has just started compiles its hot code for minutes on two cores; a province's services
            // are warm. A smaller roster and a few people go through first, and the run starts once all is drained.
            int warmupRows = Integer.parseInt(RosterBenchmark.env("SSCARD_BENCH_WARMUP_ROWS",
                    String.valueOf(Math.min(rows, 5000))));
            if (warmupRows > 0) {
                long warm = System.nanoTime();
                Interactive warmPeople = new Interactive(http, registration, review, warm);
                for (String id : RosterBenchmark.generate(Math.max(1, warmupRows / 100), 0, random).copyRows().stream()
                        .map(r -> r[1]).toList()) {
                    warmPeople.submit(id);
                }
                RosterBenchmark.upload(http, registration, bootstrap, employer,
                        RosterBenchmark.generate(warmupRows, 0, random));
                while (lag.lag().values().stream().anyMatch(l -> l > 0)) {
                    Thread.sleep(2000);
                }
                System.out.printf("Warm-up: a roster of %,d rows and %d applications, drained after %.0f s "
                        + "(not counted)%n", warmupRows, warmPeople.submitted.size(),
                        RosterBenchmark.seconds(warm, System.nanoTime()));
            }
            Map<String, Long> committedBefore = lag.committed();
            Map<String, Long> lagBefore = lag.lag();
            System.out.println("Lag before the run: " + lagBefore);

            ExecutorService pool = Executors.newFixedThreadPool(clients + 2);
            long start = System.nanoTime();
            Future<RosterBenchmark.Run> rosterRun = pool.submit(() ->
                    RosterBenchmark.upload(http, registration, bootstrap, employer, roster));
            Thread.sleep(1000); // the roster is under way when the people come
            Interactive people = new Interactive(http, registration, review, start);
            List<Future<?>> submissions = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                submissions.add(pool.submit(() -> {
                    for (int i = client; i < idNumbers.size(); i += clients) {
                        try {
                            people.submit(idNumbers.get(i));
                        } catch (Exception e) { // counted and reported; the client goes on with the next person
                            people.failed(e);
                        }
                    }
                    return null;
                }));
            }

            // follow the lags every second until the roster is in, every submission answered, and all drained
            Map<String, Double> drainedAt = new LinkedHashMap<>();
            Map<String, long[]> progress = new ConcurrentHashMap<>(); // group -> {first time it moved, last time}
            Map<String, Long> lastCommitted = new LinkedHashMap<>(committedBefore);
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            long lastPrint = 0;
            while (true) {
                Thread.sleep(1000);
                people.poll();
                Map<String, Long> now = lag.lag();
                Map<String, Long> committed = lag.committed();
                long t = System.nanoTime();
                committed.forEach((g, c) -> {
                    if (c > lastCommitted.getOrDefault(g, 0L)) {
                        progress.computeIfAbsent(g, k -> new long[]{t, t})[1] = t;
                    }
                });
                lastCommitted.putAll(committed);
                boolean rosterIn = rosterRun.isDone();
                boolean submitted = submissions.stream().allMatch(Future::isDone);
                if (rosterIn) {
                    now.forEach((g, l) -> {
                        if (l == 0 && !drainedAt.containsKey(g)) {
                            drainedAt.put(g, RosterBenchmark.seconds(start, t));
                        } else if (l > 0) {
                            drainedAt.remove(g);
                        }
                    });
                }
                if (t - lastPrint > TimeUnit.SECONDS.toNanos(10)) {
                    lastPrint = t;
                    System.out.printf("  %6.1f s  lag %s; review tasks %d/%d, ready %d%n", RosterBenchmark.seconds(start, t),
                            now, people.reviewLatencies.size(), people.submitted.size(), people.readyLatencies.size());
                }
                boolean drained = now.values().stream().allMatch(l -> l == 0);
                if (rosterIn && submitted && drained && people.pending() == 0) {
                    break;
                }
                if (t > deadline) {
                    System.out.println("  stopped after 30 minutes without draining: lag " + now);
                    break;
                }
            }
            RosterBenchmark.Run run = rosterRun.get();
            Map<String, Long> committedAfter = lag.committed();

            System.out.printf("%nRoster: %,d rows, %,d accepted; registration had every event in Kafka after %.1f s "
                    + "(%,.0f rows/s)%n", rows, run.accepted(), run.endToEnd(), rows / run.endToEnd());
            double slowest = 0;
            for (String g : List.of("review-service-bulk", "card-production-service-bulk", "notification-service-bulk")) {
                Double at = drainedAt.get(g);
                System.out.printf("  %-30s consumed its lane by %s%n", g, at == null ? "never" : String.format("%.1f s", at));
                slowest = Math.max(slowest, at == null ? Double.MAX_VALUE : at);
            }
            System.out.printf("  the slowest consumer needed %.2f × registration's time (target at most 2): %s%n",
                    slowest / run.endToEnd(), slowest <= 2 * run.endToEnd() ? "MET" : "NOT MET");

            System.out.println("\nEvents consumed per consumer group (from its first to its last commit):");
            double slowestRate = Double.MAX_VALUE;
            for (String g : GROUPS.keySet()) {
                long events = committedAfter.getOrDefault(g, 0L) - committedBefore.getOrDefault(g, 0L);
                long[] p = progress.get(g);
                double seconds = p == null ? 0 : Math.max(1, RosterBenchmark.seconds(p[0], p[1]) + 1);
                double rate = seconds == 0 ? 0 : events / seconds;
                if (g.endsWith("-bulk") && events > 1000) {
                    slowestRate = Math.min(slowestRate, rate);
                }
                System.out.printf("  %-30s %,9d events %8.1f s %,10.0f events/s%n", g, events, seconds, rate);
            }
            System.out.printf("  slowest bulk consumer: %,.0f events/s (target at least 5,000): %s%n", slowestRate,
                    slowestRate >= 5000 ? "MET" : "NOT MET");

            people.report(run);

            // GET of an application against the health endpoint of the same service, same clients, 10 s each
            String someone = people.anyApplication();
            if (someone != null) {
                String token = people.tokens.get(someone);
                double get = closedLoop(http, clients, registration + "/api/v1/applications/" + someone, token);
                double health = closedLoop(http, clients, registrationManagement + "/q/health/live", null);
                System.out.printf("%nGET /api/v1/applications/{id}: %,.0f requests/s; /q/health/live: %,.0f requests/s; "
                        + "ratio %.0f%% (target at least 50%%): %s%n", get, health, 100 * get / health,
                        get >= 0.5 * health ? "MET" : "NOT MET");
            }

            System.out.println("\nResident memory (RSS) after the run:");
            memory(pids);

            // baselines, in the same run, after the load
            double copySeconds = Double.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                copySeconds = Math.min(copySeconds, RosterBenchmark.copyBaseline(pgUrl, roster, employer));
            }
            double copyRate = rows / copySeconds;
            double kafkaRate = producerBaseline(bootstrap, admin);
            System.out.printf("%nBaselines: COPY of the same rows into a table like application (best of 3) %,.0f rows/s; "
                    + "raw Kafka producer (512 B, acks=all) %,.0f records/s%n", copyRate, kafkaRate);
            System.out.printf("Ratio roster path / COPY: %.1f%% (target at least 50%%): %s%n",
                    100 * (rows / run.endToEnd()) / copyRate, rows / run.endToEnd() >= 0.5 * copyRate ? "MET" : "NOT MET");
            System.out.printf("Ratio slowest bulk consumer / raw Kafka producer: %.1f%%%n", 100 * slowestRate / kafkaRate);
            pool.shutdownNow();
        }
    }

    /** The interactive applications: submitted with materials, then followed to their review task and their card. */
    private static final class Interactive {
        final HttpClient http;
        final String registration;
        final String review;
        final long start;
        final Map<String, Long> submitted = new ConcurrentHashMap<>(); // application id -> nanos at its 201
        final Map<String, Instant> answered = new ConcurrentHashMap<>(); // application id -> the clock at its 201
        final Map<String, String> tokens = new ConcurrentHashMap<>();
        final List<Double> reviewLatencies = Collections.synchronizedList(new ArrayList<>());
        final List<Double> readyLatencies = Collections.synchronizedList(new ArrayList<>());
        final Set<String> reviewed = ConcurrentHashMap.newKeySet();
        final Set<String> ready = ConcurrentHashMap.newKeySet();
        final List<Double> submitSeconds = Collections.synchronizedList(new ArrayList<>());
        /** Submissions that did not get their 201, by what they got instead (status and problem code). */
        final Map<String, Integer> failures = new ConcurrentHashMap<>();

        void failed(Exception e) {
            String m = String.valueOf(e.getMessage());
            Matcher status = Pattern.compile("but got (\\d+)").matcher(m);
            Matcher code = Pattern.compile("\"code\"\\s*:\\s*\"([A-Z_]+)\"").matcher(m);
            String key = status.find() ? status.group(1) + (code.find() ? " " + code.group(1) : "")
                    : e.getClass().getSimpleName();
            failures.merge(key, 1, Integer::sum);
        }
        final AtomicLong lastReady = new AtomicLong();
        final String reviewer = DevTokens.token("reviewer", "bench-reviewer");

        Interactive(HttpClient http, String registration, String review, long start) {
            this.http = http;
            this.registration = registration;
            this.review = review;
            this.start = start;
        }

        void submit(String idNumber) throws Exception {
            String token = DevTokens.tokenWithIdNumber("applicant", "bench-" + idNumber, idNumber);
            String form = "{\"category\":\"RESIDENT\",\"name\":\"张三\",\"idNumber\":\"" + idNumber
                    + "\",\"phone\":\"13800138000\",\"outletCode\":\"330102-001\"}";
            String boundary = "bench" + System.nanoTime();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            part(body, boundary, "application", "application.json", "application/json", form.getBytes(StandardCharsets.UTF_8));
            part(body, boundary, "ID_FRONT", "front.png", "image/png", SampleFiles.png());
            part(body, boundary, "ID_BACK", "back.png", "image/png", SampleFiles.png());
            part(body, boundary, "PHOTO", "photo.jpg", "image/jpeg", SampleFiles.photo());
            body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            long sent = System.nanoTime();
            HttpResponse<String> r = RosterBenchmark.send(http, HttpRequest.newBuilder(URI.create(registration
                            + "/api/v1/applications")).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), 201);
            long at = System.nanoTime();
            submitSeconds.add(RosterBenchmark.seconds(sent, at));
            String id = RosterBenchmark.field(r.body(), "id");
            tokens.put(id, token);
            answered.put(id, Instant.now());
            submitted.put(id, at);
        }

        /** Looks once for the review task of each application that has none yet, and the status of the others. */
        void poll() throws Exception {
            for (Map.Entry<String, Long> e : submitted.entrySet()) {
                String id = e.getKey();
                if (!reviewed.contains(id)) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(review
                                    + "/api/v1/reviews?applicationId=" + id)).header("Authorization", "Bearer " + reviewer)
                            .GET().build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().contains("\"id\"")) {
                        reviewed.add(id);
                        reviewLatencies.add(RosterBenchmark.seconds(e.getValue(), System.nanoTime()));
                    }
                } else if (!ready.contains(id)) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(registration
                                    + "/api/v1/applications/" + id)).header("Authorization", "Bearer " + tokens.get(id))
                            .GET().build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().contains("\"status\":\"READY_FOR_COLLECTION\"")) {
                        ready.add(id);
                        long t = System.nanoTime();
                        readyLatencies.add(RosterBenchmark.seconds(e.getValue(), t));
                        lastReady.set(t);
                    } else if (r.statusCode() == 200 && r.body().matches("(?s).*\"status\":\"(REJECTED|SUPPLEMENT_REQUESTED"
                            + "|WITHDRAWN)\".*")) {
                        ready.add(id); // it will never be ready: counted as done, not as ready
                    }
                }
            }
        }

        /** Applications still followed: without a review task, or not yet ready. */
        int pending() {
            return submitted.size() - ready.size();
        }

        String anyApplication() {
            return submitted.keySet().stream().findFirst().orElse(null);
        }

        /**
         * From each submission's 201 to the moment review opened its case, as review's audit trail records it (the
         * same clock: one machine): exact, where polling for the case is up to a poll late.
         */
        List<Double> reviewOpened() throws Exception {
            List<Double> out = new ArrayList<>();
            Pattern opened = Pattern.compile("\\{[^}]*\"action\"\\s*:\\s*\"OPENED\"[^}]*\"at\"\\s*:\\s*\"([^\"]+)\"");
            for (Map.Entry<String, Instant> e : answered.entrySet()) {
                String list = http.send(HttpRequest.newBuilder(URI.create(review + "/api/v1/reviews?applicationId="
                        + e.getKey())).header("Authorization", "Bearer " + reviewer).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (!list.contains("\"id\"")) {
                    continue;
                }
                String audit = http.send(HttpRequest.newBuilder(URI.create(review + "/api/v1/reviews/"
                                + RosterBenchmark.field(list, "id") + "/audit")).header("Authorization", "Bearer " + reviewer)
                        .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = opened.matcher(audit);
                if (m.find()) {
                    out.add(Duration.between(e.getValue(), Instant.parse(m.group(1))).toMillis() / 1000.0);
                }
            }
            return out;
        }

        void report(RosterBenchmark.Run run) throws Exception {
            System.out.printf("%nInteractive applications: %d submitted during the roster%s%n", submitted.size(),
                    failures.isEmpty() ? "" : "; NOT accepted: " + failures);
            System.out.printf("  submission (multipart, with materials): %s%n", percentiles(submitSeconds));
            List<Double> opened = reviewOpened();
            System.out.printf("  submission to review task (as review's audit trail dates the case): %s "
                    + "(target p99 at most 2 s): %s%n", percentiles(opened), percentile(opened, 99) <= 2 ? "MET" : "NOT MET");
            System.out.printf("  submission to review task, as polled once a second: %s%n", percentiles(reviewLatencies));
            System.out.printf("  submission to READY_FOR_COLLECTION:     %s, %d of %d%n", percentiles(readyLatencies),
                    readyLatencies.size(), submitted.size());
            if (!readyLatencies.isEmpty()) {
                System.out.printf("  applications ready per second (first submission to last ready): %.1f%n",
                        readyLatencies.size() / RosterBenchmark.seconds(start + TimeUnit.SECONDS.toNanos(1), lastReady.get()));
            }
        }
    }

    private static void part(ByteArrayOutputStream body, String boundary, String name, String file, String type,
                             byte[] content) throws java.io.IOException {
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + file
                + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    /** The committed offsets and the lag of every consumer group. */
    private static final class Lag {
        final Admin admin;

        Lag(Admin admin) {
            this.admin = admin;
        }

        Map<String, Long> committed() throws Exception {
            Map<String, Long> out = new LinkedHashMap<>();
            for (String g : GROUPS.keySet()) {
                out.put(g, offsets(g).values().stream().mapToLong(OffsetAndMetadata::offset).sum());
            }
            return out;
        }

        Map<String, Long> lag() throws Exception {
            Map<String, Long> out = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> g : GROUPS.entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> committed = offsets(g.getKey());
                Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
                for (String topic : g.getValue()) {
                    try {
                        admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
                                .partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                    } catch (java.util.concurrent.ExecutionException e) {
                        // a topic nobody has written yet
                    }
                }
                long lag = 0;
                for (var e : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    lag += e.getValue().offset() - (c == null ? 0 : c.offset());
                }
                out.put(g.getKey(), lag);
            }
            return out;
        }

        private Map<TopicPartition, OffsetAndMetadata> offsets(String group) throws Exception {
            Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            m.values().removeIf(java.util.Objects::isNull);
            return m;
        }
    }

    /** Requests per second that {@code clients} clients get from {@code url}, each sending its next at once, for 10 s. */
    private static double closedLoop(HttpClient http, int clients, String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpRequest request = b.build();
        for (long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(3); System.nanoTime() < warm; ) {
            http.send(request, HttpResponse.BodyHandlers.discarding());
        }
        AtomicLong ok = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        ok.incrementAndGet();
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        return ok.get() / 10.0;
    }

    /** The RSS of each process the suite recorded, and of the processes they started (the broker, PostgreSQL). */
    private static void memory(Path pids) throws Exception {
        if (!Files.isDirectory(pids)) {
            System.out.println("  (no " + pids + ": set SSCARD_STATE_DIR)");
            return;
        }
        try (var files = Files.list(pids)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString().replace(".pid", "");
                long pid = Long.parseLong(Files.readString(f).trim());
                ProcessHandle.of(pid).ifPresent(p -> {
                    System.out.printf("  %-28s %,7d MB%n", name, rss(p.pid()) / 1024);
                    long postgres = p.descendants().filter(d -> d.info().command().orElse("").endsWith("/postgres"))
                            .mapToLong(d -> rss(d.pid())).sum();
                    p.children().filter(d -> d.info().command().orElse("").contains("java")).forEach(d ->
                            System.out.printf("  %-28s %,7d MB%n", name + ": Kafka broker", rss(d.pid()) / 1024));
                    if (postgres > 0) {
                        System.out.printf("  %-28s %,7d MB (summed over its processes, shared buffers counted "
                                + "in each)%n", name + ": PostgreSQL", postgres / 1024);
                    }
                });
            }
        }
    }

    /** VmRSS of {@code pid} in kB, 0 when unknown. */
    private static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (Exception e) {
            // gone, or not Linux
        }
        return 0;
    }

    /** Records per second of a plain producer (512 B, acks=all) into a scratch topic, deleted afterwards. */
    private static double producerBaseline(String bootstrap, Admin admin) throws Exception {
        String topic = "sscard.bench.baseline";
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        byte[] value = new byte[512];
        new Random().nextBytes(value);
        int n = 200_000;
        double seconds;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            producer.partitionsFor(topic);
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(topic, Integer.toString(i).getBytes(StandardCharsets.UTF_8), value));
            }
            producer.flush();
            seconds = RosterBenchmark.seconds(start, System.nanoTime());
        }
        admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        return n / seconds;
    }

    private static String percentiles(List<Double> values) {
        if (values.isEmpty()) {
            return "none";
        }
        return String.format("p50 %.2f s, p95 %.2f s, p99 %.2f s, max %.2f s (n=%d)", percentile(values, 50),
                percentile(values, 95), percentile(values, 99), percentile(values, 100), values.size());
    }

    private static double percentile(List<Double> values, int p) {
        if (values.isEmpty()) {
            return Double.MAX_VALUE;
        }
        List<Double> sorted;
        synchronized (values) {
            sorted = values.stream().sorted().collect(Collectors.toList());
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private PipelineBenchmark() {
    }
}
