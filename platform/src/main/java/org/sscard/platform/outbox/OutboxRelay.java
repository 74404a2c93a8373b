package org.sscard.platform.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.sscard.events.Topics;
import org.sscard.platform.persistence.SqlValues;
import org.sscard.platform.reliability.Failures;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes outbox rows to Kafka with acks=all and the idempotent producer, and deletes a row only after the broker
 * acknowledged all its events (Kafka is then the record of the event). One relayer per database holds an advisory
 * lock.
 * <p>
 * Order is kept per aggregate (application), which is the Kafka key: within a run, an event is sent only once every
 * earlier event of its aggregate in the run was acknowledged (the run goes in waves: the first pending event of each
 * aggregate, then the second, ...). What happens when a send fails depends on why:
 * <ul>
 * <li>The broker is unavailable (a retriable error, a denied connection): nothing is counted, the run ends, and what
 * was not acknowledged waits for the next run. A topic Kafka does not know while it answers for others keeps its
 * rows aside for 30 s, and the other topics go on.</li>
 * <li>The broker refuses the record itself (too large, an invalid topic): the row's {@code attempts} grows, and after
 * {@code sscard.outbox.max-attempts} refusals the row is <em>parked</em>: it is set aside with its aggregates held, so
 * their later events wait behind it while every other aggregate flows. Operations retry a parked row (see
 * {@link OutboxOperations}) once its cause is fixed.</li>
 * </ul>
 * A duplicate publication is harmless because consumers deduplicate.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /**
     * Pending rows in order, up to about n events: not parked, not of an application held behind a parked row, and not
     * for a topic Kafka does not know for the moment (those would otherwise fill the window and hold every other row
     * back; events of different topics have no order between them). A bulk row holds a roster chunk's new
     * applications, which nothing earlier can hold.
     * <p>
     * The interactive lane goes first: the rows of bulk topics ({@link Topics#isBulk}) come after every pending row of
     * the other topics, so that a person's event never waits behind a roster's hundred thousand. An application's
     * events all travel in one lane, so their order is kept.
     */
    private static final String PENDING = """
            select id, topic, aggregate_id, type, envelope, events, attempts from (
              select id, seq, topic, aggregate_id, type, envelope, events, attempts, bulk,
                     sum(coalesce(batch_size, 1)) over (order by bulk, seq) - coalesce(batch_size, 1) as before
              from (select o.*, o.topic like '%%%s' as bulk from outbox_event o) o
              where parked_at is null and topic not in (:waiting)
                and (aggregate_id is null or not exists (select 1 from outbox_held_aggregate h
                                                         where h.aggregate_id = o.aggregate_id))
              order by bulk, seq limit :n) b
            where before < :n order by bulk, seq""".formatted(Topics.BULK_SUFFIX);

    private final EntityManager em;
    private final MeterRegistry registry;
    private final Clock clock;
    private final String bootstrapServers;
    private final int batchSize;
    private final int maxAttempts;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private final AtomicLong oldestSeconds = new AtomicLong();
    private volatile KafkaProducer<byte[], byte[]> producer;
    private volatile boolean stopping;
    /** Topics whose metadata Kafka did not give while it gave others', and until when their rows stand aside. */
    private final Map<String, Long> topicWaits = new ConcurrentHashMap<>();

    public OutboxRelay(EntityManager em, MeterRegistry registry, Clock clock,
                       @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                       @ConfigProperty(name = "sscard.outbox.batch-size", defaultValue = "500") int batchSize,
                       @ConfigProperty(name = "sscard.outbox.max-attempts", defaultValue = "10") int maxAttempts) {
        this.em = em;
        this.registry = registry;
        this.clock = clock;
        this.bootstrapServers = bootstrapServers;
        this.batchSize = batchSize;
        this.maxAttempts = maxAttempts;
    }

    void onStart(@Observes StartupEvent event) {
        Gauge.builder("sscard_outbox_backlog", backlog, AtomicLong::get)
                .description("Outbox events written and not yet acknowledged by Kafka (parked ones apart)").register(registry);
        Gauge.builder("sscard_outbox_parked", parked, AtomicLong::get)
                .description("Outbox rows set aside after Kafka refused them sscard.outbox.max-attempts times").register(registry);
        Gauge.builder("sscard_outbox_oldest_seconds", oldestSeconds, AtomicLong::get)
                .description("Age of the oldest outbox event waiting to be sent (parked ones apart)").register(registry);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        closeProducer();
    }

    private synchronized void closeProducer() {
        KafkaProducer<byte[], byte[]> p = producer;
        producer = null;
        if (p != null) {
            p.close(Duration.ofSeconds(5));
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            synchronized (this) {
                if (stopping) {
                    throw new IllegalStateException("the application is stopping");
                }
                if (producer == null) {
                    Properties props = Producers.acknowledged(bootstrapServers, "outbox-relay");
                    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
                    // A relay batch is hundreds of events sent at once: larger produce batches (the default is 16 KB,
                    // about 20 events) mean a few requests per batch instead of dozens, for the broker and for us.
                    props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
                    producer = new KafkaProducer<>(props);
                }
            }
        }
        return producer;
    }

    @Scheduled(every = "${sscard.outbox.poll-interval:0.5s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRelay() {
        if (stopping) {
            return; // the application is stopping: what is left goes with the next start
        }
        try {
            Run run;
            do {
                run = relayBatch();
            } while (run.full() && run.published() > 0); // a full batch that moved: there may be more
        } catch (RuntimeException e) {
            if (Failures.unavailable(e).isPresent()) {
                LOG.warnf("Outbox relay run failed, will retry: %s", e.getClass().getSimpleName());
            } else {
                LOG.warnf(e, "Outbox relay run failed, will retry: %s", e.getClass().getSimpleName());
            }
        }
    }

    /**
     * Counts what waits, on a schedule of its own: whether or not this instance relays, and while a relay run hangs on
     * a frozen broker, the gauges stay true; while the database is down they keep their last values.
     */
    @Scheduled(every = "5s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshGauges() {
        if (stopping) {
            return;
        }
        try {
            Object[] r = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                    "select coalesce(sum(coalesce(batch_size, 1)) filter (where parked_at is null), 0), "
                            + "count(*) filter (where parked_at is not null), "
                            + "min(created_at) filter (where parked_at is null) from outbox_event").getSingleResult());
            backlog.set(((Number) r[0]).longValue());
            parked.set(((Number) r[1]).longValue());
            oldestSeconds.set(r[2] == null ? 0 : Math.max(0, Duration.between(SqlValues.instant(r[2]), clock.instant()).toSeconds()));
        } catch (RuntimeException e) {
            LOG.debugf("Outbox gauges not refreshed: %s", e.getClass().getSimpleName());
        }
    }

    /** What one run did: the events Kafka acknowledged, and whether it read as many events as it may. */
    public record Run(int published, boolean full) {
    }

    /** One pending row: its single event, or the events of a bulk row, each with its Kafka key. */
    private static final class Row {
        final UUID id;
        final String topic;
        final byte[] type;
        final int attempts;
        final boolean bulk;
        final List<byte[][]> records = new ArrayList<>(); // {event id, key, value}
        final Set<String> keys = new LinkedHashSet<>();
        int wave;
        final List<Future<RecordMetadata>> acks = new ArrayList<>();

        Row(Object[] r) {
            id = (UUID) r[0];
            topic = (String) r[1];
            type = ((String) r[3]).getBytes(StandardCharsets.UTF_8);
            attempts = ((Number) r[6]).intValue();
            bulk = r[5] != null;
            if (!bulk) {
                records.add(new byte[][]{id.toString().getBytes(StandardCharsets.UTF_8),
                        ((String) r[2]).getBytes(StandardCharsets.UTF_8), ((String) r[4]).getBytes(StandardCharsets.UTF_8)});
                keys.add((String) r[2]);
            } else {
                // "event id TAB aggregate id TAB envelope" lines, UTF-8: tabs and line breaks are single bytes there
                byte[] lines = (byte[]) r[5];
                for (int from = 0, end; from < lines.length; from = end + 1) {
                    int tab1 = indexOf(lines, (byte) '\t', from);
                    int tab2 = indexOf(lines, (byte) '\t', tab1 + 1);
                    end = indexOf(lines, (byte) '\n', tab2 + 1);
                    byte[] key = Arrays.copyOfRange(lines, tab1 + 1, tab2);
                    records.add(new byte[][]{Arrays.copyOfRange(lines, from, tab1), key,
                            Arrays.copyOfRange(lines, tab2 + 1, end)});
                    keys.add(new String(key, StandardCharsets.UTF_8));
                }
            }
        }
    }

    /** How a row's sends ended. */
    private enum Outcome { ACKNOWLEDGED, UNAVAILABLE, REFUSED }

    /**
     * Publishes about {@code batchSize} pending events, oldest first and in waves per aggregate, deletes the rows Kafka
     * acknowledged in full, counts refusals and parks the rows refused too often. Plain SQL rather than entities: a
     * roster of 100,000 rows passes through here.
     */
    @Transactional
    public Run relayBatch() {
        // One relayer at a time per database: with several instances relaying side by side, one could publish later
        // rows of an application while another still holds (or retries) its earlier ones.
        Boolean leader = (Boolean) em.createNativeQuery("select pg_try_advisory_xact_lock(7261001)").getSingleResult();
        if (!Boolean.TRUE.equals(leader)) {
            registry.counter("sscard_outbox_relay_standby_total").increment();
            return new Run(0, false);
        }
        long now = System.nanoTime();
        List<String> waiting = new ArrayList<>(List.of("")); // "": never a topic, and an empty list is not valid SQL
        topicWaits.forEach((topic, until) -> {
            if (now < until) {
                waiting.add(topic);
            }
        });
        // No FOR UPDATE: the advisory lock already makes this the only relayer, and locking each row would write to
        // every tuple (and the WAL) once more before the delete does it again.
        @SuppressWarnings("unchecked")
        List<Object[]> found = em.createNativeQuery(PENDING).setParameter("n", batchSize)
                .setParameter("waiting", waiting).getResultList();
        if (found.isEmpty()) {
            return new Run(0, false);
        }
        List<Row> rows = new ArrayList<>(found.size());
        int events = 0;
        int waves = 0;
        Map<String, Integer> lastWave = new HashMap<>();
        for (Object[] r : found) {
            Row row = new Row(r);
            for (String key : row.keys) {
                row.wave = Math.max(row.wave, lastWave.getOrDefault(key, -1) + 1);
            }
            for (String key : row.keys) {
                lastWave.put(key, row.wave);
            }
            waves = Math.max(waves, row.wave + 1);
            events += row.records.size();
            rows.add(row);
        }
        Map<Row, Outcome> outcomes = new HashMap<>();
        Map<Row, String> errors = new HashMap<>();
        Map<Row, List<Integer>> unacked = new HashMap<>();
        Set<String> blocked = new HashSet<>(); // aggregates with an earlier event not acknowledged in this run
        boolean brokerAway = false;
        for (int wave = 0; wave < waves && !brokerAway; wave++) {
            List<Row> sending = new ArrayList<>();
            for (Row row : rows) {
                if (row.wave != wave) {
                    continue;
                }
                if (row.keys.stream().anyMatch(blocked::contains)) {
                    blocked.addAll(row.keys); // waits behind an earlier event of one of its aggregates
                } else {
                    sending.add(row);
                }
            }
            brokerAway = send(sending, outcomes, errors, unacked);
            for (Row row : sending) {
                if (outcomes.get(row) != Outcome.ACKNOWLEDGED) {
                    blocked.addAll(row.keys);
                }
            }
        }
        int published = settle(rows, outcomes, errors, unacked);
        registry.counter("sscard_outbox_published_total").increment(published);
        return new Run(published, events >= batchSize);
    }

    /** Sends one wave and waits for its acknowledgements; returns true when the broker is unavailable. */
    private boolean send(List<Row> sending, Map<Row, Outcome> outcomes, Map<Row, String> errors,
                         Map<Row, List<Integer>> unacked) {
        if (sending.isEmpty()) {
            return false;
        }
        KafkaProducer<byte[], byte[]> p;
        try {
            p = producer();
        } catch (RuntimeException e) {
            sending.forEach(r -> outcomes.put(r, Outcome.UNAVAILABLE));
            return true;
        }
        // Fail fast while Kafka is unreachable: without topic metadata every send would block max.block.ms. A topic
        // that Kafka refuses (an invalid name) fails only its own rows, and one it does not know (created by hand in
        // production, and not yet) keeps only its own rows waiting, asked again after half a minute.
        Map<String, RuntimeException> topicProblems = new HashMap<>();
        boolean anyTopic = false;
        for (String topic : sending.stream().map(r -> r.topic).distinct().toList()) {
            try {
                p.partitionsFor(topic);
                topicWaits.remove(topic);
                anyTopic = true;
            } catch (RuntimeException e) {
                topicProblems.put(topic, e);
            }
        }
        if (anyTopic) {
            // Kafka answers for other topics: these it does not know for now, and their rows stand aside for 30 s
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            topicProblems.forEach((topic, e) -> {
                if (!refused(e)) {
                    topicWaits.put(topic, until);
                }
            });
        }
        if (!anyTopic && topicProblems.values().stream().noneMatch(OutboxRelay::refused)) {
            LOG.warnf("Outbox relay: Kafka unavailable (%s); the events wait",
                    describe(topicProblems.values().iterator().next()));
            sending.forEach(r -> outcomes.put(r, Outcome.UNAVAILABLE));
            return true;
        }
        for (Row row : sending) {
            RuntimeException problem = topicProblems.get(row.topic);
            if (problem != null) {
                outcomes.put(row, refused(problem) ? Outcome.REFUSED : Outcome.UNAVAILABLE);
                errors.put(row, describe(problem));
                continue;
            }
            for (byte[][] r : row.records) {
                try {
                    row.acks.add(p.send(record(row.topic, row.type, r[0], r[1], r[2])));
                } catch (RuntimeException e) {
                    row.acks.add(CompletableFuture.failedFuture(e));
                }
            }
        }
        p.flush();
        boolean brokerAway = false;
        for (Row row : sending) {
            if (outcomes.containsKey(row)) {
                continue;
            }
            Outcome outcome = Outcome.ACKNOWLEDGED;
            List<Integer> missing = new ArrayList<>();
            for (int i = 0; i < row.acks.size(); i++) {
                try {
                    row.acks.get(i).get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                    missing.add(i);
                    if (producerBroken(cause)) {
                        closeProducer(); // a new producer (and producer id) for the next run
                    }
                    if (refused(cause)) {
                        if (outcome == Outcome.ACKNOWLEDGED) {
                            outcome = Outcome.REFUSED;
                        }
                    } else {
                        outcome = Outcome.UNAVAILABLE;
                    }
                    errors.putIfAbsent(row, describe(cause));
                }
            }
            outcomes.put(row, outcome);
            if (!missing.isEmpty()) {
                unacked.put(row, missing);
            }
            brokerAway |= outcome == Outcome.UNAVAILABLE;
        }
        return brokerAway;
    }

    /**
     * Deletes acknowledged rows; for refused ones keeps only the refused events, counts the refusal and parks the
     * row when it was refused too often. Rows that met an unavailable broker (or waited) are left as they are.
     */
    private int settle(List<Row> rows, Map<Row, Outcome> outcomes, Map<Row, String> errors,
                       Map<Row, List<Integer>> unacked) {
        List<UUID> acknowledged = new ArrayList<>();
        int published = 0;
        for (Row row : rows) {
            Outcome outcome = outcomes.get(row);
            if (outcome == null) {
                continue; // waited behind an earlier event of its aggregate
            }
            List<Integer> missing = unacked.getOrDefault(row, List.of());
            published += row.acks.isEmpty() ? 0 : row.acks.size() - missing.size();
            if (outcome == Outcome.ACKNOWLEDGED) {
                acknowledged.add(row.id);
                continue;
            }
            if (row.bulk && !missing.isEmpty() && missing.size() < row.records.size()) {
                keepOnly(row, missing); // part of the row is in Kafka now: only the rest is sent again
            }
            if (outcome == Outcome.REFUSED) {
                refused(row, missing, errors.get(row));
            }
        }
        if (!acknowledged.isEmpty()) {
            // Kafka holds the event now; the row has done its job. If this commit is lost (it need not wait for the
            // disk), the events are published again and consumers skip them as duplicates.
            em.createNativeQuery("set local synchronous_commit = off").executeUpdate();
            em.createNativeQuery("delete from outbox_event where id in (:ids)")
                    .setParameter("ids", acknowledged).executeUpdate();
        }
        return published;
    }

    /**
     * Counts a refusal of the row (whose {@code missing} events Kafka did not take; none when its topic was refused)
     * and parks it once it was refused {@code maxAttempts} times, holding the applications of the events it still has.
     */
    private void refused(Row row, List<Integer> missing, String error) {
        int attempts = row.attempts + 1;
        boolean park = attempts >= maxAttempts;
        Query update = em.createNativeQuery("update outbox_event set attempts = :a, last_error = :e"
                        + (park ? ", parked_at = :p" : "") + " where id = :id")
                .setParameter("a", attempts).setParameter("e", SqlValues.fit(error, 500)).setParameter("id", row.id);
        if (park) {
            update.setParameter("p", Timestamp.from(clock.instant()));
        }
        update.executeUpdate();
        if (!park) {
            LOG.warnf("Outbox relay: Kafka refused row %s (%s) %d of %d times: %s", row.id,
                    new String(row.type, StandardCharsets.UTF_8), attempts, maxAttempts, error);
            return;
        }
        Set<String> held = row.keys;
        if (!missing.isEmpty()) {
            held = new LinkedHashSet<>();
            for (int i : missing) {
                held.add(new String(row.records.get(i)[1], StandardCharsets.UTF_8));
            }
        }
        for (String aggregate : held) {
            em.createNativeQuery("insert into outbox_held_aggregate (aggregate_id, outbox_id) values (:a, :id) "
                    + "on conflict do nothing").setParameter("a", aggregate).setParameter("id", row.id).executeUpdate();
        }
        registry.counter("sscard_outbox_rows_parked_total").increment();
        LOG.errorf("Outbox relay: row %s (%s) parked after %d refusals; the later events of its %d application(s) "
                        + "wait behind it. Retry it once the cause is fixed: %s", row.id,
                new String(row.type, StandardCharsets.UTF_8), attempts, held.size(), error);
    }

    /** Rewrites a bulk row to hold only the events at {@code indexes} (the others are in Kafka). */
    private void keepOnly(Row row, List<Integer> indexes) {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (int i : indexes) {
            byte[][] r = row.records.get(i);
            lines.writeBytes(r[0]);
            lines.write('\t');
            lines.writeBytes(r[1]);
            lines.write('\t');
            lines.writeBytes(r[2]);
            lines.write('\n');
        }
        em.createNativeQuery("update outbox_event set events = :e, batch_size = :n where id = :id")
                .setParameter("e", lines.toByteArray()).setParameter("n", indexes.size()).setParameter("id", row.id)
                .executeUpdate();
    }

    /**
     * Whether Kafka refused this record (or topic) for good, as opposed to being unavailable: an error of the request
     * itself that a retry cannot change. Authorisation and authentication errors are a matter of configuration, not
     * of the row, and wait like an outage.
     */
    static boolean refused(Throwable e) {
        return e instanceof ApiException && !(e instanceof RetriableException) && !(e instanceof AuthorizationException)
                && !(e instanceof AuthenticationException) && !producerBroken(e);
    }

    /** The producer's own state is spoilt (fenced, out of sequence, closed): it is replaced, and the row waits. */
    private static boolean producerBroken(Throwable e) {
        return e instanceof OutOfOrderSequenceException || e instanceof ProducerFencedException
                || e instanceof InvalidProducerEpochException || e instanceof UnknownProducerIdException
                || e instanceof IllegalStateException;
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, byte[] type, byte[] eventId, byte[] key,
                                                         byte[] envelope) {
        ProducerRecord<byte[], byte[]> rec = new ProducerRecord<>(topic, key, envelope);
        rec.headers().add(new RecordHeader("event-type", type));
        rec.headers().add(new RecordHeader("event-id", eventId));
        return rec;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new IllegalStateException("A bulk outbox row is not in its line format");
    }
}
