package org.sscard.infra.bench;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.postgresql.PGConnection;
import org.sscard.events.Topics;
import org.sscard.infra.DevTokens;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The roster benchmark: generates a roster (valid rows plus a share of invalid ones), uploads it to the
 * running registration service, waits for the job to finish and for every ApplicationSubmitted event to reach
 * Kafka, and prints rows/s end to end. In the same run it COPYs the same rows into a table like {@code application}
 * (same columns, keys and indexes) on the same database and prints the ratio.
 *
 * <p>Run with {@code ./suite bench [ROWS] [INVALID_PERCENT] [RUNS]} while {@code ./suite up} runs. A warm-up roster
 * of the same size ({@code SSCARD_BENCH_WARMUP_ROWS} to change, 0 for none) goes first and is not counted; the
 * ratio uses the median of the RUNS measured rosters (3 by default).
 */
public final class RosterBenchmark {
    /** Where a roster's ApplicationSubmitted events go: the bulk lane. */
    static final String ROSTER_TOPIC = Topics.lane(Topics.APPLICATIONS, true);
    private static final String WEIGHTS = "7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2";
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"};
    private static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰"};

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int invalidPercent = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int warmupRows = Integer.parseInt(env("SSCARD_BENCH_WARMUP_ROWS", String.valueOf(rows)));
        String registration = env("SSCARD_BENCH_REGISTRATION_URL", "http://127.0.0.1:8081");
        String pgUrl = System.getenv("SSCARD_PG_URL") + "/registration";
        String bootstrap = System.getenv("SSCARD_KAFKA_BOOTSTRAP");

        System.out.printf("Roster benchmark: %,d rows (%d%% invalid), %d run(s) after a warm-up of %,d rows, on %d cores, "
                        + "Java %s%n", rows, invalidPercent, runs, warmupRows, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        Random random = new Random();
        String employer = creditCode(random);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String clerk = DevTokens.token("intake-clerk", "bench-clerk");
        send(http, HttpRequest.newBuilder(URI.create(registration + "/api/v1/employers"))
                .header("Authorization", "Bearer " + clerk).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"creditCode\":\"" + employer + "\",\"name\":\"基准测试有限公司\","
                        + "\"contactName\":\"李经理\",\"contactPhone\":\"13800138000\"}")), 201);

        // A service that has just started still compiles its hot code (on two cores the JIT takes seconds of CPU
        // from the roster); a province's service has long been warm, so the measured runs come after one roster
        // of the same size, whose rate is printed too.
        if (warmupRows > 0) {
            Run warm = upload(http, registration, bootstrap, employer, generate(warmupRows, invalidPercent, random));
            System.out.printf("Warm-up roster: %,d rows in %.2f s (%,.0f rows/s, not counted)%n", warmupRows,
                    warm.endToEnd(), warmupRows / warm.endToEnd());
        }
        List<Double> rates = new java.util.ArrayList<>();
        Roster roster = null;
        for (int i = 1; i <= runs; i++) {
            roster = generate(rows, invalidPercent, random);
            System.out.printf("Run %d: generated %,d rows (%,d valid), %.1f MB of CSV%n", i, rows, roster.valid,
                    roster.csv.length / 1024.0 / 1024.0);
            Run run = upload(http, registration, bootstrap, employer, roster);
            System.out.printf("  roster job %s: %s, accepted %,d, rejected %s, already registered %s%n", run.id(),
                    run.status(), run.accepted(), run.rejected(), run.alreadyRegistered());
            System.out.printf("  202 Accepted after        %8.2f s%n", run.answered());
            System.out.printf("  job COMPLETED after       %8.2f s%n", run.processed());
            System.out.printf("  all %,d events in Kafka  %8.2f s%n", run.accepted(), run.endToEnd());
            System.out.printf("  roster path               %,10.0f rows/s end to end%n", rows / run.endToEnd());
            rates.add(rows / run.endToEnd());
        }
        List<Double> sorted = rates.stream().sorted().toList();
        double rosterRate = sorted.get(sorted.size() / 2);

        // the best of three COPY runs, so that a slow moment of the machine never flatters the ratio
        double copySeconds = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            copySeconds = Math.min(copySeconds, copyBaseline(pgUrl, roster, employer));
        }
        double copyRate = rows / copySeconds;
        System.out.printf("COPY of the same %,d rows into a table like application (best of 3): %.2f s, %,.0f rows/s%n",
                rows, copySeconds, copyRate);
        double ratio = rosterRate / copyRate;
        System.out.printf("Roster path, median of %d run(s): %,.0f rows/s (runs: %s)%n", runs, rosterRate,
                rates.stream().map(r -> String.format("%,.0f", r)).collect(java.util.stream.Collectors.joining(", ")));
        System.out.printf("Ratio roster path / COPY: %.1f%% (target at least 30%%): %s%n", ratio * 100,
                ratio >= 0.30 ? "MET" : "NOT MET");
    }

    /** What one upload measured, in seconds from the start of the upload. */
    record Run(String id, String status, int accepted, String rejected, String alreadyRegistered,
                       double answered, double processed, double endToEnd) {
    }

    /** Uploads a roster, waits for the job to finish and for every accepted row's event to be in Kafka. */
    static Run upload(HttpClient http, String registration, String bootstrap, String employer, Roster roster)
            throws Exception {
        String employerToken = DevTokens.token("employer", employer);
        long offsetsBefore = endOffsets(bootstrap, ROSTER_TOPIC);
        long start = System.nanoTime();
        HttpResponse<String> accepted = send(http, HttpRequest.newBuilder(URI.create(registration + "/api/v1/rosters"))
                .header("Authorization", "Bearer " + employerToken)
                .header("Content-Type", "text/csv").timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofByteArray(roster.csv)), 202);
        long answered = System.nanoTime();
        String id = field(accepted.body(), "id");
        String job;
        do {
            Thread.sleep(100);
            job = send(http, HttpRequest.newBuilder(URI.create(registration + "/api/v1/rosters/" + id))
                    .header("Authorization", "Bearer " + employerToken).GET(), 200).body();
        } while (!List.of("COMPLETED", "FAILED").contains(field(job, "status")));
        long processed = System.nanoTime();
        int acceptedRows = Integer.parseInt(field(job, "accepted"));
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (endOffsets(bootstrap, ROSTER_TOPIC) - offsetsBefore < acceptedRows) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not every ApplicationSubmitted reached Kafka within 10 minutes");
            }
            Thread.sleep(100);
        }
        long published = System.nanoTime();
        return new Run(id, field(job, "status"), acceptedRows, field(job, "rejected"), field(job, "alreadyRegistered"),
                seconds(start, answered), seconds(start, processed), seconds(start, published));
    }

    record Roster(byte[] csv, int valid, List<String[]> copyRows) {
    }

    /** Valid rows have unique, correct ID numbers; invalid ones a wrong check character or a short phone number. */
    static Roster generate(int rows, int invalidPercent, Random random) {
        StringBuilder csv = new StringBuilder(rows * 90);
        csv.append("name,idNumber,phone,outletCode,hiredOn\r\n");
        Set<String> ids = new HashSet<>(rows * 2);
        int[] weights = java.util.Arrays.stream(WEIGHTS.split(" ")).mapToInt(Integer::parseInt).toArray();
        LocalDate today = LocalDate.now();
        int valid = 0;
        List<String[]> copyRows = new java.util.ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            String id;
            do {
                LocalDate born = LocalDate.of(1960, 1, 1).plusDays(random.nextInt(16000));
                String base = "3301" + String.format("%02d", 2 + random.nextInt(8))
                        + born.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE)
                        + String.format("%03d", random.nextInt(1000));
                int sum = 0;
                for (int k = 0; k < 17; k++) {
                    sum += (base.charAt(k) - '0') * weights[k];
                }
                id = base + CHECK[sum % 11];
            } while (!ids.add(id));
            String name = SURNAMES[random.nextInt(SURNAMES.length)] + GIVEN[random.nextInt(GIVEN.length)]
                    + GIVEN[random.nextInt(GIVEN.length)];
            String phone = "13" + String.format("%09d", random.nextInt(1_000_000_000));
            boolean invalid = random.nextInt(100) < invalidPercent;
            if (invalid) {
                if (random.nextBoolean()) {
                    id = id.substring(0, 17) + (id.charAt(17) == '1' ? '2' : '1');
                } else {
                    phone = "1234";
                }
            } else {
                valid++;
            }
            String hired = today.minusDays(random.nextInt(45)).toString();
            csv.append(name).append(',').append(id).append(',').append(phone).append(",330102-001,").append(hired)
                    .append("\r\n");
            copyRows.add(new String[]{name, id, phone, "330102-001", hired});
        }
        return new Roster(csv.toString().getBytes(StandardCharsets.UTF_8), valid, copyRows);
    }

    /**
     * COPY of the same rows, as the applications they would become, into a fresh table with application's columns,
     * keys and indexes (including the one-person-one-card index); the data is prepared before the clock starts.
     */
    static double copyBaseline(String url, Roster roster, String employer) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", env("SSCARD_PG_USER", "postgres"));
        props.setProperty("password", env("SSCARD_PG_PASSWORD", "postgres"));
        try (Connection c = DriverManager.getConnection(url, props); Statement s = c.createStatement()) {
            s.execute("drop table if exists bench_copy_application");
            s.execute("create table bench_copy_application (like application including all)");
            String now = java.time.Instant.now().toString();
            UUID rosterId = UUID.randomUUID();
            StringBuilder data = new StringBuilder(roster.copyRows().size() * 200);
            int row = 1;
            for (String[] r : roster.copyRows()) {
                row++;
                data.append(UUID.randomUUID()).append("\tSUBMITTED\tEMPLOYEE\tEMPLOYER\t").append(r[0]).append('\t')
                        .append(r[1]).append('\t').append(r[2]).append('\t').append(r[3]).append("\t330102\tzh\tSMS\t\\N\t\\N\t")
                        .append(employer).append('\t').append(employer).append('\t').append(now).append('\t').append(now)
                        .append("\t0\t").append((r[1].charAt(16) - '0') % 2 == 1 ? "MALE" : "FEMALE").append('\t').append(r[4])
                        .append("\tfalse\t").append(rosterId).append('\t').append(row).append('\n');
            }
            String columns = "id, status, category, channel, name, id_number, phone, outlet_code, region_code, language, "
                    + "preferred_channel, email, applicant_id, employer_id, submitted_by, created_at, updated_at, version, "
                    + "sex, hired_on, late_registration, roster_id, roster_row";
            long start = System.nanoTime();
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy bench_copy_application (" + columns + ") from stdin",
                    new java.io.StringReader(data.toString()));
            long end = System.nanoTime();
            s.execute("drop table bench_copy_application");
            return seconds(start, end);
        }
    }

    static long endOffsets(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("expected " + expected + " from " + response.uri() + " but got "
                    + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]*)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static String creditCode(Random random) {
        return org.sscard.infra.TestCreditCodes.withCheckCharacter("91330102" + String.format("%09d", random.nextInt(1_000_000_000)));
    }

    static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private RosterBenchmark() {
    }
}
