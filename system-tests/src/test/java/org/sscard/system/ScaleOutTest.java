package org.sscard.system;

import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sscard.events.Topics;
import org.sscard.infra.DevTokens;
import org.sscard.infra.SampleFiles;
import org.sscard.platform.id.CitizenIdNumber;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sscard.system.FaultInjectionTest.APPROVED_EVENTS;
import static org.sscard.system.FaultInjectionTest.APPROVED_MESSAGES;
import static org.sscard.system.FaultInjectionTest.CLERK;
import static org.sscard.system.FaultInjectionTest.OPS;
import static org.sscard.system.FaultInjectionTest.until;

/**
 * Two instances of every service side by side on one PostgreSQL and one Kafka broker, as a Deployment of two
 * replicas runs them. Applicants' journeys (submission with materials, auto-approval, production, collection) are
 * driven through both instances in turn, then one instance of every service is killed with SIGKILL while the journeys
 * go on through the survivors. It shows:
 * <ul>
 * <li>every consumer group shares the partitions of its topics between the two instances, and the survivor takes
 * them all after the kill;</li>
 * <li>one relay at a time per database: both instances run the relay, one stands by while the other publishes, and
 * every event is published once (no event id twice on the topics, and what the two instances published together
 * equals what the topics hold);</li>
 * <li>one print per batch, one card per application, one message per step and one log entry per event;</li>
 * <li>every journey begun before or after the kill finishes, and nothing is dead-lettered, parked or divergent.</li>
 * </ul>
 */
class ScaleOutTest {
    static final int WORKERS = 4;
    static final AtomicInteger SEQ = new AtomicInteger();
    /** The consumer groups and, for each, a topic every instance of the service consumes. */
    static final Map<String, String> GROUPS = Map.of(
            "registration-service", Topics.REVIEWS,
            "review-service", Topics.APPLICATIONS,
            "card-production-service", Topics.REVIEWS,
            "notification-service", Topics.APPLICATIONS);
    /** The topics each producing service's outbox relay publishes to. */
    static final Map<String, List<String>> PUBLISHES = Map.of(
            "registration-service", List.of(Topics.APPLICATIONS, Topics.lane(Topics.APPLICATIONS, true), Topics.ROSTERS),
            "review-service", List.of(Topics.REVIEWS, Topics.lane(Topics.REVIEWS, true)),
            "card-production-service", List.of(Topics.CARDS, Topics.lane(Topics.CARDS, true)));

    static Platform platform;
    /** Per service: its first instance (the platform's) and its second. */
    static final Map<String, List<ServiceProcess>> INSTANCES = new TreeMap<>();
    static final Calls CALLS = new Calls(Duration.ofSeconds(20));

    final Queue<FaultInjectionTest.Journey> journeys = new ConcurrentLinkedQueue<>();
    volatile boolean running;

    @BeforeAll
    static void start() {
        platform = Platform.start("scale", Map.of("SSCARD_REVIEW_AUTO_APPROVE_CATEGORIES", "RESIDENT",
                "SSCARD_RECONCILIATION_GRACE", "0s"));
        Map<String, ServiceProcess> seconds = new TreeMap<>();
        platform.all().forEach(first -> seconds.put(first.name, first.instance(2)));
        // What review and notification read of the others, the second instances read of the second instances: they
        // must go on when every first instance is gone. (In Kubernetes both go through the Service's name.)
        seconds.put("review-service", seconds.get("review-service").with("SSCARD_REVIEW_REGISTRATION_URL",
                seconds.get("registration-service").url()));
        seconds.put("notification-service", seconds.get("notification-service")
                .with("SSCARD_RECONCILIATION_REGISTRATION_URL", seconds.get("registration-service").managementUrl())
                .with("SSCARD_RECONCILIATION_REVIEW_URL", seconds.get("review-service").managementUrl())
                .with("SSCARD_RECONCILIATION_CARD_PRODUCTION_URL", seconds.get("card-production-service").managementUrl()));
        for (ServiceProcess first : platform.all()) {
            seconds.get(first.name).start();
            INSTANCES.put(first.name, List.of(first, seconds.get(first.name)));
        }
        seconds.values().forEach(ServiceProcess::awaitReady);
    }

    @AfterAll
    static void stop() {
        INSTANCES.values().forEach(pair -> pair.get(1).stop());
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void twoInstancesOfEveryServiceShareTheWorkAndTheSurvivorsFinishItWhenOneOfEachIsKilled() throws Exception {
        // Both instances at work
        Instant began = Instant.now();
        List<Thread> workers = drive();
        awaitJourneys(12);
        Map<String, Map<String, Integer>> shared = until("partitions of every group shared by both instances", () -> {
            Map<String, Map<String, Integer>> byGroup = partitionsByMember();
            return byGroup.values().stream().allMatch(m -> m.size() == 2) ? byGroup : null;
        });
        stop(workers);
        int before = finished().size();
        List<String> problems = new ArrayList<>(checkJourneys());
        Map<String, String> relays = new TreeMap<>();
        for (Map.Entry<String, List<String>> producer : PUBLISHES.entrySet()) {
            List<ServiceProcess> pair = INSTANCES.get(producer.getKey());
            long topics = until(producer.getKey() + "'s outbox empty", () -> outbox(pair.get(0)).getLong("pendingEvents") == 0
                    ? records(producer.getValue()) : null);
            long published = 0;
            long standby = 0;
            for (ServiceProcess s : pair) {
                published += (long) metric(s, "sscard_outbox_published_total");
                standby += (long) metric(s, "sscard_outbox_relay_standby_total");
            }
            long twice = repeatedEvents(producer.getValue());
            relays.put(producer.getKey(), published + " published by both instances, " + topics + " in its topics, "
                    + twice + " of them repeated, " + standby + " runs stood by");
            if (twice != 0) {
                problems.add(producer.getKey() + ": " + twice + " events on its topics more than once");
            }
            if (published != topics) {
                problems.add(producer.getKey() + ": " + published + " events published for " + topics + " on its topics");
            }
            if (standby == 0) {
                problems.add(producer.getKey() + ": no relay run ever stood by: were two instances relaying?");
            }
        }
        Map<Integer, Long> printsPerBatch = printAttempts();
        if (!printsPerBatch.keySet().equals(Set.of(1))) {
            problems.add("batches by number of prints: " + printsPerBatch);
        }
        String both = Duration.between(began, Instant.now()).toSeconds() + " s";

        // One instance of every service killed with SIGKILL while journeys go on
        Instant killed = Instant.now();
        workers = drive();
        awaitJourneys(before + 4);
        INSTANCES.values().forEach(pair -> pair.get(0).kill());
        awaitJourneys(before + 16);
        Map<String, Map<String, Integer>> afterKill = until("every partition with the survivors", () -> {
            Map<String, Map<String, Integer>> byGroup = partitionsByMember();
            return byGroup.values().stream().allMatch(m -> m.size() == 1 && m.values().iterator().next() == Topics.PARTITIONS)
                    ? byGroup : null;
        });
        stop(workers);
        problems.addAll(checkJourneys());
        for (String producer : PUBLISHES.keySet()) {
            JsonPath outbox = until(producer + "'s outbox empty", () -> {
                JsonPath o = outbox(INSTANCES.get(producer).get(1));
                return o.getLong("pendingEvents") == 0 ? o : null;
            });
            if (!outbox.getList("parked").isEmpty()) {
                problems.add(producer + "'s outbox: " + outbox.prettify());
            }
        }
        if (!printAttempts().keySet().stream().allMatch(n -> n >= 1)) {
            problems.add("a batch never printed: " + printAttempts());
        }
        ServiceProcess notification = INSTANCES.get("notification-service").get(1);
        List<Object> deadLetters = CALLS.get(notification.url() + "/api/v1/dead-letters?size=1000", OPS).json().getList("$");
        JsonPath reconciliation = CALLS.post(notification.url() + "/api/v1/operations/reconciliation", OPS, null).json();

        long accepted = journeys.stream().filter(j -> j.app != null).count();
        System.out.println("Scale-out run: both instances " + both + ", " + before + " journeys; after the kill "
                + Duration.between(killed, Instant.now()).toSeconds() + " s, " + (finished().size() - before)
                + " more; partitions per member (both) " + shared + ", (survivors) " + afterKill + "; relays " + relays
                + "; batches by prints " + printAttempts() + "; answers by status " + CALLS.statuses()
                + "; dead letters " + deadLetters.size() + "; reconciliation compared "
                + reconciliation.getLong("compared") + ", divergences " + reconciliation.getList("divergences").size());

        assertEquals(List.of(), problems, "every journey done once, every event published once, every batch printed once");
        assertEquals(List.of(), CALLS.findings(), "answers no client may get");
        assertEquals(List.of(), deadLetters, "dead letters");
        assertEquals(List.of(), reconciliation.getList("errors"), "every service read by the reconciliation");
        assertTrue(reconciliation.getLong("compared") >= accepted, "compared " + reconciliation.getLong("compared"));
        assertEquals(List.of(), reconciliation.getList("divergences"), "divergences across services");
    }

    /** Starts the journeys: each goes through the instances of the turn it was given, or the other if that one died. */
    List<Thread> drive() {
        running = true;
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            Thread t = new Thread(() -> {
                while (running) {
                    FaultInjectionTest.Journey j = new FaultInjectionTest.Journey(nextIdNumber(), true);
                    journeys.add(j);
                    try {
                        travel(j, SEQ.get());
                        j.done = true;
                    } catch (RuntimeException e) {
                        j.failure = e.getMessage();
                    }
                }
            }, "scale-journeys-" + i);
            t.start();
            workers.add(t);
        }
        return workers;
    }

    void stop(List<Thread> workers) throws InterruptedException {
        running = false;
        for (Thread w : workers) {
            w.join(FaultInjectionTest.PATIENCE.toMillis());
        }
    }

    void awaitJourneys(int n) {
        until(n + " journeys finished", () -> finished().size() >= n ? "" : null);
    }

    List<FaultInjectionTest.Journey> finished() {
        return journeys.stream().filter(j -> j.done).toList();
    }

    static String nextIdNumber() {
        int n = SEQ.getAndIncrement();
        String base = "110105" + "1985" + String.format("%02d%02d%03d", 1 + n / 900 % 12, 1 + n / 30 % 28, n % 1000);
        return base + CitizenIdNumber.checkCharacter(base);
    }

    /** The instance of {@code service} for turn {@code turn}, or the other one when it is not running. */
    static String url(String service, int turn) {
        List<ServiceProcess> pair = INSTANCES.get(service);
        ServiceProcess s = pair.get(turn % 2);
        return (s.isAlive() ? s : pair.get(1 - turn % 2)).url();
    }

    /** Submission (through one registration instance), card ready (asked of one card production instance),
     * collection (at the other), each step retried on 503 or a refused connection, as a client does. */
    void travel(FaultInjectionTest.Journey j, int turn) {
        String form = "{\"category\":\"RESIDENT\",\"name\":\"张三\",\"idNumber\":\"" + j.idNumber
                + "\",\"phone\":\"13800138000\",\"outletCode\":\"110105-001\"}";
        j.app = until("the submission of " + j.idNumber.substring(0, 6) + "…", () -> {
            String applications = url("registration-service", turn) + "/api/v1/applications";
            Calls.Answer a = CALLS.multipart(applications, j.token, List.of(
                    new Object[]{"application", "application.json", "application/json", form.getBytes(StandardCharsets.UTF_8)},
                    new Object[]{"ID_FRONT", "front.png", "image/png", SampleFiles.png()},
                    new Object[]{"ID_BACK", "back.png", "image/png", SampleFiles.png()},
                    new Object[]{"PHOTO", "photo.jpg", "image/jpeg", SampleFiles.photo()}));
            if (a.status() == 201) {
                j.accepted201 = true;
                return a.json().getString("id");
            }
            if (a.status() == 409) { // an earlier try went through, its answer was lost with the instance
                Calls.Answer mine = CALLS.get(applications, j.token);
                return mine.ok() && !mine.json().getList("$").isEmpty() ? mine.json().getString("[0].id") : null;
            }
            if (!a.retry()) {
                throw new IllegalStateException("submission answered " + a.status() + ": " + a.body());
            }
            return null;
        });
        j.card = until("the card of " + j.app + " ready", () -> {
            Calls.Answer a = CALLS.get(url("card-production-service", turn) + "/api/v1/cards?applicationId=" + j.app, CLERK);
            return a.ok() && "READY_FOR_COLLECTION".equals(a.json().getString("[0].status"))
                    ? a.json().getString("[0].cardNumber") : null;
        });
        until("the collection of " + j.card, () -> {
            String production = url("card-production-service", turn + 1);
            Calls.Answer a = CALLS.post(production + "/api/v1/cards/" + j.card + "/collection", CLERK,
                    "{\"idNumber\":\"" + j.idNumber + "\"}");
            if (a.ok()) {
                return "collected";
            }
            Calls.Answer card = CALLS.get(production + "/api/v1/cards/" + j.card, CLERK);
            return a.status() == 409 && card.ok() && "ISSUED_SEALED".equals(card.json().getString("status"))
                    ? "collected" : null;
        });
    }

    /** What is wrong with the journeys so far: each must be done, with one card, one message per step and one log
     * entry per event, whichever instance is asked. */
    List<String> checkJourneys() {
        List<String> out = new ArrayList<>();
        int turn = 0;
        for (FaultInjectionTest.Journey j : journeys) {
            if (j.app == null || j.checked) {
                continue;
            }
            j.checked = true;
            turn++;
            if (!j.done) {
                out.add(j.app + " did not finish: " + j.failure);
                continue;
            }
            int t = turn;
            until(j.app + " COLLECTED", () -> {
                Calls.Answer a = CALLS.get(url("registration-service", t) + "/api/v1/applications/" + j.app, j.token);
                return a.ok() && "COLLECTED".equals(a.json().getString("status")) ? "" : null;
            });
            List<Object> cards = CALLS.get(url("card-production-service", t) + "/api/v1/cards?applicationId=" + j.app,
                    CLERK).json().getList("status");
            if (!cards.equals(List.of("ISSUED_SEALED"))) {
                out.add(j.app + ": cards " + cards);
            }
            out.addAll(FaultInjectionTest.checkMessagesAndEvents(CALLS, url("notification-service", t), j,
                    APPROVED_MESSAGES, APPROVED_EVENTS));
        }
        return out;
    }

    /** Per consumer group, the members that hold partitions of the group's main topic, and how many each holds. */
    static Map<String, Map<String, Integer>> partitionsByMember() {
        try (Admin admin = admin()) {
            Map<String, ConsumerGroupDescription> groups = admin.describeConsumerGroups(GROUPS.keySet()).all()
                    .get(10, TimeUnit.SECONDS);
            Map<String, Map<String, Integer>> out = new TreeMap<>();
            groups.forEach((group, description) -> {
                Map<String, Integer> members = new TreeMap<>();
                for (MemberDescription m : description.members()) {
                    int n = (int) m.assignment().topicPartitions().stream()
                            .filter(tp -> tp.topic().equals(GROUPS.get(group))).count();
                    if (n > 0) {
                        members.put(m.consumerId(), n);
                    }
                }
                out.put(group, members);
            });
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The records the topics hold, all partitions together. */
    static long records(List<String> topics) {
        try (Admin admin = admin()) {
            Set<TopicPartition> partitions = admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS)
                    .values().stream()
                    .flatMap(t -> t.partitions().stream().map(p -> new TopicPartition(t.name(), p.partition())))
                    .collect(Collectors.toSet());
            Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                    .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
            Map<TopicPartition, OffsetSpec> earliest = partitions.stream()
                    .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.earliest()));
            long end = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(o -> o.offset()).sum();
            long start = admin.listOffsets(earliest).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(o -> o.offset()).sum();
            return end - start;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The records of {@code topics} whose event id came before: an event published twice. */
    static long repeatedEvents(List<String> topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafka.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, Duration.ofSeconds(10))
                        .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            Set<String> seen = new HashSet<>();
            long repeated = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topics + " to their end");
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (!seen.add(JsonPath.from(r.value()).getString("eventId"))) {
                        repeated++;
                    }
                }
            }
            return repeated;
        }
    }

    static Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafka.bootstrapServers());
        return Admin.create(p);
    }

    /** Card production's print batches that were closed, by the number of times each was sent to the printer. */
    static Map<Integer, Long> printAttempts() {
        try (Connection c = DriverManager.getConnection(platform.postgres.jdbcUrl("cardproduction"), "postgres", "postgres");
             ResultSet r = c.createStatement().executeQuery(
                     "select print_attempts, count(*) from print_batch where status <> 'OPEN' group by 1")) {
            Map<Integer, Long> out = new TreeMap<>();
            while (r.next()) {
                out.put(r.getInt(1), r.getLong(2));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonPath outbox(ServiceProcess s) {
        return CALLS.get(s.url() + "/api/v1/operations/outbox", OPS).json();
    }

    /** A counter of the service's Prometheus scrape (0 when it has not been counted yet). */
    static double metric(ServiceProcess s, String name) {
        for (String line : CALLS.get(s.managementUrl() + "/q/metrics", null).body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
            }
        }
        return 0;
    }
}
