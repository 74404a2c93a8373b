package org.sscard.system;

import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sscard.events.EventTypes;
import org.sscard.infra.DevTokens;
import org.sscard.infra.SampleFiles;
import org.sscard.infra.TestCreditCodes;
import org.sscard.platform.id.CitizenIdNumber;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The faults a province sees every month, while a steady flow of applications goes through all four services over
 * HTTP: (a) every PostgreSQL backend killed and the server held down for 20 s, (b) the Kafka broker frozen for 20 s,
 * (c) the broker killed with SIGKILL and restarted, (d) card production killed with SIGKILL while it works through
 * batches. Clients behave as real ones: a 503 (or a refused connection) is retried after a moment, and a submission
 * whose answer was lost is found again by its applicant. The oracle: every application accepted reaches its end
 * state, one card per approved application, one message per step, no dead letter, no parked outbox row, no answer
 * a client must never get (a 5xx other than 503, a 503 without Retry-After, a request left hanging), and the
 * reconciliation finds no divergence.
 */
class FaultInjectionTest {
    static final Duration PATIENCE = Duration.ofMinutes(6);
    static final String REVIEWER = DevTokens.token("reviewer", "fault-rita");
    static final String CLERK = DevTokens.clerk("fault-olaf", "110105-001");
    static final String OPS = DevTokens.token("operations", "fault-otto");
    static final List<String> APPROVED_MESSAGES = List.of(EventTypes.APPLICATION_SUBMITTED,
            EventTypes.APPLICATION_APPROVED, EventTypes.CARD_READY_FOR_COLLECTION, EventTypes.CARD_COLLECTED);
    static final List<String> APPROVED_EVENTS = List.of(EventTypes.APPLICATION_SUBMITTED, EventTypes.APPLICATION_APPROVED,
            EventTypes.CARD_PRODUCTION_STARTED, EventTypes.CARD_PRINTED, EventTypes.CARD_DISPATCHED,
            EventTypes.CARD_READY_FOR_COLLECTION, EventTypes.CARD_COLLECTED);
    static final List<String> REJECTED_MESSAGES = List.of(EventTypes.APPLICATION_SUBMITTED, EventTypes.APPLICATION_REJECTED);
    static final int WORKERS = 3;
    static final AtomicInteger SEQ = new AtomicInteger();

    static Platform platform;
    static final Calls CALLS = new Calls(Duration.ofSeconds(20));

    @BeforeAll
    static void start() {
        // a divergence shows at once: the reconciliation at the end runs when everything has settled
        platform = Platform.start("fault", Map.of("SSCARD_RECONCILIATION_GRACE", "0s"));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.kafka.thaw(); // whatever happened, nothing stays frozen
            platform.close();
        }
    }

    /** One applicant's journey, as the driver saw it. */
    static final class Journey {
        final String idNumber;
        final boolean approve;
        final String token;
        volatile String app;
        volatile boolean accepted201;
        volatile String card;
        volatile String failure;
        volatile boolean done;
        /** Checked already, by a test that checks as it goes (ScaleOutTest). */
        volatile boolean checked;

        Journey(String idNumber, boolean approve) {
            this.idNumber = idNumber;
            this.approve = approve;
            this.token = DevTokens.tokenWithIdNumber("applicant", "fault-" + java.util.UUID.nameUUIDFromBytes(
                    idNumber.getBytes(StandardCharsets.US_ASCII)), idNumber);
        }
    }

    final Queue<Journey> journeys = new ConcurrentLinkedQueue<>();
    volatile boolean running = true;

    static String nextIdNumber() {
        String base = "110105" + "1978" + String.format("%02d", 1 + SEQ.get() / 900 % 12) + String.format("%02d",
                1 + SEQ.get() / 30 % 28) + String.format("%03d", SEQ.getAndIncrement() % 1000);
        return base + CitizenIdNumber.checkCharacter(base);
    }

    @Test
    void theFlowRidesOutADatabaseCrashABrokerFreezeABrokerKillAndAServiceKillLosingAndDuplicatingNothing()
            throws Exception {
        Instant began = Instant.now();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            Thread t = new Thread(this::drive, "journeys-" + i);
            t.start();
            workers.add(t);
        }
        Map<String, String> faults = new LinkedHashMap<>();
        sleep(15);
        // an employer's roster of 600 rows just before the crash: its events are still being consumed when it comes
        String[] roster = uploadRoster(600);
        sleep(3);

        Instant t = Instant.now();
        Health health = new Health();
        health.watch(Duration.ofSeconds(22));
        platform.postgres.crash(Duration.ofSeconds(20));
        health.join();
        platform.all().forEach(ServiceProcess::awaitReady);
        // while PostgreSQL was away: readiness down (the load balancer stops sending), liveness up (nothing restarts)
        assertEquals(Set.of(), health.notReadyNever(), "services whose readiness never went down during the crash");
        assertEquals(List.of(), health.notLive(), "liveness answers other than 200 during the crash");
        faults.put("(a) PostgreSQL: every backend killed, server held down 20 s; all services ready again after",
                seconds(t));
        sleep(15);

        t = Instant.now();
        platform.kafka.freeze();
        // what is written meanwhile waits in the outbox, and the backlog gauge says so while Kafka is away
        long backlog = 0;
        for (int i = 0; i < 20; i++) {
            sleep(1);
            backlog = Math.max(backlog, outboxBacklog());
        }
        platform.kafka.thaw();
        assertTrue(backlog > 0, "sscard_outbox_backlog counted the events waiting while Kafka was frozen");
        faults.put("(b) Kafka broker frozen 20 s, thawed after", seconds(t));
        sleep(15);

        t = Instant.now();
        platform.kafka.kill();
        platform.kafka.restart();
        faults.put("(c) Kafka broker killed with SIGKILL, restarted and answering after", seconds(t));
        sleep(15);

        t = Instant.now();
        awaitAJourneyBetweenApprovalAndCard();
        platform.production.kill();
        platform.production.start();
        platform.production.awaitReady();
        faults.put("(d) card production killed with SIGKILL mid-batch, ready again after", seconds(t));
        sleep(10);

        running = false;
        for (Thread w : workers) {
            w.join(PATIENCE.toMillis());
        }
        String flow = seconds(began);

        List<String> problems = new ArrayList<>();
        int approved = 0;
        int rejected = 0;
        for (Journey j : journeys) {
            if (j.app == null) {
                continue; // never accepted: the driver stopped before its submission went through
            }
            if (!j.done) {
                problems.add(j.idNumber.substring(0, 6) + "… " + j.app + " did not finish: " + j.failure);
                continue;
            }
            problems.addAll(check(j));
            if (j.approve) {
                approved++;
            } else {
                rejected++;
            }
        }
        problems.addAll(checkRoster(roster[0], roster[1], 600));
        List<Object> deadLetters = CALLS.get(platform.notification.url() + "/api/v1/dead-letters?size=1000", OPS).json()
                .getList("$");
        for (ServiceProcess producer : List.of(platform.registration, platform.review, platform.production)) {
            JsonPath outbox = CALLS.get(producer.url() + "/api/v1/operations/outbox", OPS).json();
            if (!outbox.getList("parked").isEmpty() || outbox.getLong("pendingEvents") != 0) {
                problems.add(producer.name + "'s outbox: " + outbox.prettify());
            }
        }
        JsonPath reconciliation = CALLS.post(platform.notification.url() + "/api/v1/operations/reconciliation", OPS, null)
                .json();

        long accepted = journeys.stream().filter(j -> j.app != null).count();
        long with201 = journeys.stream().filter(j -> j.accepted201).count();
        System.out.println("Fault run: " + flow + " in all; " + faults);
        System.out.println("Fault run: " + accepted + " applications accepted (" + with201 + " answered 201, "
                + (accepted - with201) + " found again after a lost answer), " + approved + " collected, " + rejected
                + " rejected; answers by status " + CALLS.statuses() + "; dead letters " + deadLetters.size()
                + "; reconciliation compared " + reconciliation.getLong("compared") + " applications, divergences "
                + reconciliation.getList("divergences").size() + ", errors " + reconciliation.getList("errors"));

        assertTrue(accepted >= 30, "a steady flow: " + accepted + " applications");
        assertEquals(List.of(), problems, "every accepted application at its end state, each step once");
        assertEquals(List.of(), CALLS.findings(), "answers no client may get");
        assertEquals(List.of(), deadLetters, "dead letters");
        assertEquals(List.of(), reconciliation.getList("errors"), "every service read by the reconciliation");
        assertTrue(reconciliation.getLong("compared") >= accepted + 600, "the reconciliation compared every "
                + "application, the roster's included: " + reconciliation.getLong("compared"));
        assertEquals(List.of(), reconciliation.getList("divergences"), "divergences across services");
    }

    /** The largest sscard_outbox_backlog of the three producers now, as Prometheus would scrape it. */
    static long outboxBacklog() {
        long max = 0;
        for (ServiceProcess s : List.of(platform.registration, platform.review, platform.production)) {
            String metrics = CALLS.get(s.managementUrl() + "/q/metrics", null).body();
            for (String line : metrics.split("\n")) {
                if (line.startsWith("sscard_outbox_backlog ")) {
                    max = Math.max(max, (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim()));
                }
            }
        }
        return max;
    }

    /** Registers an employer and uploads a roster of {@code rows} people; returns {employer, roster id}. */
    static String[] uploadRoster(int rows) {
        String base = "91110105" + String.format("%09d", ThreadLocalRandom.current().nextInt(1_000_000_000));
        String employer = TestCreditCodes.withCheckCharacter(base);
        String registration = platform.registration.url();
        Calls.Answer registered = CALLS.post(registration + "/api/v1/employers", DevTokens.token("intake-clerk", "fault-ian"),
                "{\"creditCode\":\"" + employer + "\",\"name\":\"北京某某科技有限公司\",\"contactName\":\"李经理\","
                        + "\"contactPhone\":\"13800138000\"}");
        assertEquals(201, registered.status(), registered.body());
        StringBuilder csv = new StringBuilder("姓名,身份证号,手机号,领卡网点\n");
        for (int i = 0; i < rows; i++) {
            String id = "110105" + "1979" + String.format("%02d%02d", 1 + i / 28 % 12, 1 + i % 28)
                    + String.format("%03d", i % 1000);
            csv.append("王五,").append(id).append(CitizenIdNumber.checkCharacter(id)).append(",13800138000,110105-001\n");
        }
        Calls.Answer upload = CALLS.send("POST", registration + "/api/v1/rosters", DevTokens.token("employer", employer),
                "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(202, upload.status(), upload.body());
        return new String[]{employer, upload.json().getString("id")};
    }

    /** The roster went through once: every row registered, and one summary for the employer. */
    List<String> checkRoster(String employer, String roster, int rows) {
        String token = DevTokens.token("employer", employer);
        String done = until("roster " + roster + " done", () -> {
            Calls.Answer a = CALLS.get(platform.registration.url() + "/api/v1/rosters/" + roster, token);
            return a.ok() && List.of("COMPLETED", "FAILED").contains(a.json().getString("status")) ? a.body() : null;
        });
        JsonPath r = JsonPath.from(done);
        List<String> out = new ArrayList<>();
        if (!"COMPLETED".equals(r.getString("status")) || r.getInt("accepted") != rows) {
            out.add("roster " + roster + ": " + done);
        }
        until("the roster's summary", () -> CALLS.get(platform.notification.url() + "/api/v1/notifications", token).json()
                .getList("eventType").contains(EventTypes.ROSTER_PROCESSED) ? "" : null);
        List<Object> summaries = CALLS.get(platform.notification.url() + "/api/v1/notifications", token).json()
                .getList("findAll { it.eventType == 'RosterProcessed' }");
        if (summaries.size() != 1) {
            out.add("roster " + roster + ": " + summaries.size() + " summaries");
        }
        return out;
    }

    /** Samples every service's readiness and liveness once a second for a while. */
    static final class Health {
        private final Set<String> wentDown = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final Queue<String> notLive = new ConcurrentLinkedQueue<>();
        private Thread sampler;

        void watch(Duration during) {
            sampler = new Thread(() -> {
                long end = System.nanoTime() + during.toNanos();
                Calls calls = new Calls(Duration.ofSeconds(10));
                while (System.nanoTime() < end) {
                    for (ServiceProcess s : platform.all()) {
                        if (calls.get(s.managementUrl() + "/q/health/ready", null).status() != 200) {
                            wentDown.add(s.name);
                        }
                        int live = calls.get(s.managementUrl() + "/q/health/live", null).status();
                        if (live != 200) {
                            notLive.add(s.name + " " + live);
                        }
                    }
                    try {
                        TimeUnit.SECONDS.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "health-sampler");
            sampler.start();
        }

        void join() throws InterruptedException {
            sampler.join();
        }

        Set<String> notReadyNever() {
            Set<String> never = new java.util.TreeSet<>();
            platform.all().forEach(s -> never.add(s.name));
            never.removeAll(wentDown);
            return never;
        }

        List<String> notLive() {
            return List.copyOf(notLive);
        }
    }

    /** Journeys, one after another, until the test says stop; each finishes once begun. */
    void drive() {
        while (running) {
            Journey j = new Journey(nextIdNumber(), ThreadLocalRandom.current().nextInt(5) != 0);
            journeys.add(j);
            try {
                travel(j);
                j.done = true;
            } catch (RuntimeException e) {
                j.failure = e.getMessage();
            }
        }
    }

    void travel(Journey j) {
        String registration = platform.registration.url();
        String review = platform.review.url();
        submit(j);
        String reviewId = until("a review case for " + j.app, () -> {
            Calls.Answer a = CALLS.get(review + "/api/v1/reviews?applicationId=" + j.app, REVIEWER);
            return a.ok() && !a.json().getList("$").isEmpty() ? a.json().getString("[0].id") : null;
        });
        until("the claim of " + reviewId, () -> {
            Calls.Answer a = CALLS.post(review + "/api/v1/reviews/" + reviewId + "/claim", REVIEWER, null);
            return a.ok() || a.status() == 409 && decidedOrClaimed(reviewId) ? "claimed" : null;
        });
        String decision = j.approve ? "{\"outcome\":\"APPROVE\",\"comment\":\"in order\"}"
                : "{\"outcome\":\"REJECT\",\"reasonCodes\":[\"PHOTO_NOT_COMPLIANT\"],\"comment\":\"retake\"}";
        until("the decision on " + reviewId, () -> {
            Calls.Answer a = CALLS.post(review + "/api/v1/reviews/" + reviewId + "/decision", REVIEWER, decision);
            return a.ok() || a.status() == 409 && "DECIDED".equals(reviewStatus(reviewId)) ? "decided" : null;
        });
        if (!j.approve) {
            until(j.app + " REJECTED in registration", () -> "REJECTED".equals(status(registration, j)) ? "" : null);
            return;
        }
        String production = platform.production.url();
        j.card = until("the card of " + j.app + " ready", () -> {
            Calls.Answer a = CALLS.get(production + "/api/v1/cards?applicationId=" + j.app, CLERK);
            return a.ok() && "READY_FOR_COLLECTION".equals(a.json().getString("[0].status"))
                    ? a.json().getString("[0].cardNumber") : null;
        });
        until("the collection of " + j.card, () -> {
            Calls.Answer a = CALLS.post(production + "/api/v1/cards/" + j.card + "/collection", CLERK,
                    "{\"idNumber\":\"" + j.idNumber + "\"}");
            return a.ok() || a.status() == 409 && "ISSUED_SEALED".equals(cardStatus(j.card)) ? "collected" : null;
        });
    }

    /** Submits with the materials; a lost answer is found again through the applicant's own list. */
    void submit(Journey j) {
        String url = platform.registration.url() + "/api/v1/applications";
        String form = "{\"category\":\"RESIDENT\",\"name\":\"张三\",\"idNumber\":\"" + j.idNumber
                + "\",\"phone\":\"13800138000\",\"outletCode\":\"110105-001\"}";
        j.app = until("the submission of " + j.idNumber.substring(0, 6) + "…", () -> {
            Calls.Answer a = CALLS.multipart(url, j.token, List.of(
                    new Object[]{"application", "application.json", "application/json", form.getBytes(StandardCharsets.UTF_8)},
                    new Object[]{"ID_FRONT", "front.png", "image/png", SampleFiles.png()},
                    new Object[]{"ID_BACK", "back.png", "image/png", SampleFiles.png()},
                    new Object[]{"PHOTO", "photo.jpg", "image/jpeg", SampleFiles.photo()}));
            if (a.status() == 201) {
                j.accepted201 = true;
                return a.json().getString("id");
            }
            if (a.status() == 409) { // an earlier try went through, its answer was lost
                Calls.Answer mine = CALLS.get(url, j.token);
                return mine.ok() && !mine.json().getList("$").isEmpty() ? mine.json().getString("[0].id") : null;
            }
            if (!a.retry()) {
                throw new IllegalStateException("submission answered " + a.status() + ": " + a.body());
            }
            return null;
        });
    }

    boolean decidedOrClaimed(String reviewId) {
        String s = reviewStatus(reviewId);
        return "DECIDED".equals(s) || "CLAIMED".equals(s);
    }

    String reviewStatus(String reviewId) {
        Calls.Answer a = CALLS.get(platform.review.url() + "/api/v1/reviews/" + reviewId, REVIEWER);
        return a.ok() ? a.json().getString("status") : null;
    }

    String cardStatus(String card) {
        Calls.Answer a = CALLS.get(platform.production.url() + "/api/v1/cards/" + card, CLERK);
        return a.ok() ? a.json().getString("status") : null;
    }

    static String status(String registration, Journey j) {
        Calls.Answer a = CALLS.get(registration + "/api/v1/applications/" + j.app, j.token);
        return a.ok() ? a.json().getString("status") : null;
    }

    /** What is wrong with a finished journey: its end state in every service, and each step once. */
    List<String> check(Journey j) {
        List<String> out = new ArrayList<>();
        String expected = j.approve ? "COLLECTED" : "REJECTED";
        String status = until(j.app + " " + expected, () -> expected.equals(status(platform.registration.url(), j))
                ? expected : null);
        List<Object> cards = CALLS.get(platform.production.url() + "/api/v1/cards?applicationId=" + j.app, CLERK).json()
                .getList("status");
        if (!cards.equals(j.approve ? List.of("ISSUED_SEALED") : List.of())) {
            out.add(j.app + ": cards " + cards);
        }
        List<String> messages = j.approve ? APPROVED_MESSAGES : REJECTED_MESSAGES;
        List<String> events = j.approve ? APPROVED_EVENTS : REJECTED_MESSAGES;
        out.addAll(checkMessagesAndEvents(CALLS, platform.notification.url(), j, messages, events));
        if (!expected.equals(status)) {
            out.add(j.app + ": " + status);
        }
        return out;
    }

    /** What is wrong with a journey's messages and log entries, as {@code notification} (one instance) holds them,
     * once they have all arrived: exactly {@code messages} in order, and each of {@code events} logged once. */
    static List<String> checkMessagesAndEvents(Calls calls, String notification, Journey j, List<String> messages,
                                               List<String> events) {
        List<String> out = new ArrayList<>();
        until(j.app + "'s messages and events", () -> calls.get(notification + "/api/v1/notifications?applicationId="
                + j.app, j.token).json().getList("eventType").size() >= messages.size()
                && calls.get(notification + "/api/v1/events?applicationId=" + j.app, OPS).json().getList("$").size()
                >= events.size() ? "" : null);
        List<Object> sent = calls.get(notification + "/api/v1/notifications?applicationId=" + j.app, j.token).json()
                .getList("eventType");
        if (!sent.equals(messages)) {
            out.add(j.app + ": messages " + sent);
        }
        JsonPath log = calls.get(notification + "/api/v1/events?applicationId=" + j.app, OPS).json();
        List<String> types = log.getList("type");
        List<String> ids = log.getList("eventId");
        if (types.size() != events.size() || !Set.copyOf(types).equals(Set.copyOf(events))
                || new HashSet<>(ids).size() != ids.size()) {
            out.add(j.app + ": events " + types);
        }
        return out;
    }

    /** Waits until a journey stands between its approval and its card's readiness, so the kill comes mid-batch. */
    void awaitAJourneyBetweenApprovalAndCard() {
        until("a card in production", () -> {
            for (Journey j : journeys) {
                if (j.approve && j.app != null && j.card == null) {
                    Calls.Answer a = CALLS.get(platform.production.url() + "/api/v1/cards?applicationId=" + j.app, CLERK);
                    String status = a.ok() ? a.json().getString("[0].status") : null;
                    if ("IN_BATCH".equals(status) || "PRINTED".equals(status)) {
                        return "yes";
                    }
                }
            }
            return null;
        });
    }

    /** Asks again every 250 ms until {@code step} answers something other than null; fails after {@link #PATIENCE}. */
    static <T> T until(String what, Supplier<T> step) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            T t = step.get();
            if (t != null) {
                return t;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what);
            }
        }
        throw new IllegalStateException("no " + what + " within " + PATIENCE.toMinutes() + " min");
    }

    static String seconds(Instant since) {
        return Duration.between(since, Instant.now()).toSeconds() + " s";
    }

    static void sleep(int seconds) throws InterruptedException {
        TimeUnit.SECONDS.sleep(seconds);
    }
}
