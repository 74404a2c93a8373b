package org.sscard.platform.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes outbox rows to Kafka in the order they were written, with acks=all and the idempotent producer,
 * and deletes a row only after the broker acknowledged it (Kafka is then the record of the event). One relayer
 * per database holds an advisory lock, so order holds with several instances. A failed send leaves the row (and
 * every later row of the batch) for the next run; a duplicate publication is harmless because consumers deduplicate.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final EntityManager em;
    private final MeterRegistry registry;
    private final String bootstrapServers;
    private final int batchSize;
    private final AtomicLong backlog = new AtomicLong();
    private volatile KafkaProducer<byte[], byte[]> producer;

    public OutboxRelay(EntityManager em, MeterRegistry registry,
                       @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                       @ConfigProperty(name = "sscard.outbox.batch-size", defaultValue = "500") int batchSize) {
        this.em = em;
        this.registry = registry;
        this.bootstrapServers = bootstrapServers;
        this.batchSize = batchSize;
    }

    void onStart(@Observes StartupEvent event) {
        Gauge.builder("sscard_outbox_backlog", backlog, AtomicLong::get)
                .description("Outbox events written but not yet acknowledged by Kafka").register(registry);
    }

    void onStop(@Observes ShutdownEvent event) {
        KafkaProducer<byte[], byte[]> p = producer;
        if (p != null) {
            p.close(java.time.Duration.ofSeconds(5));
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    Properties props = new Properties();
                    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                    props.put(ProducerConfig.ACKS_CONFIG, "all");
                    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
                    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
                    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
                    // A relay batch is hundreds of events sent at once: larger produce batches (the default is 16 KB,
                    // about 20 events) mean a few requests per batch instead of dozens, for the broker and for us.
                    props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
                    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
                    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
                    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
                    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
                    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
                    producer = new KafkaProducer<>(props);
                }
            }
        }
        return producer;
    }

    @Scheduled(every = "${sscard.outbox.poll-interval:0.5s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRelay() {
        try {
            int sent;
            do {
                sent = relayBatch();
            } while (sent >= batchSize); // a full batch: there may be more
            backlog.set(countUnsent());
        } catch (RuntimeException e) {
            LOG.warnf("Outbox relay run failed, will retry: %s", e.getClass().getSimpleName());
        }
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    long countUnsent() {
        return ((Number) em.createNativeQuery("select coalesce(sum(coalesce(batch_size, 1)), 0) from outbox_event "
                + "where sent_at is null").getSingleResult()).longValue();
    }

    /**
     * Publishes about {@code batchSize} unsent events, oldest first, and deletes the rows whose events Kafka
     * acknowledged in full; returns how many events that was (below {@code batchSize} once the backlog is drained).
     * Plain SQL rather than entities: a roster of 100,000 rows passes through here.
     */
    @Transactional
    public int relayBatch() {
        // One relayer at a time per database: with several instances relaying side by side, one could publish later
        // rows of an application while another still holds (or retries) its earlier ones.
        Boolean leader = (Boolean) em.createNativeQuery("select pg_try_advisory_xact_lock(7261001)").getSingleResult();
        if (!Boolean.TRUE.equals(leader)) {
            return 0;
        }
        // Rows in seq order up to about batchSize events (always at least one row, however large). No FOR UPDATE:
        // the advisory lock already makes this the only relayer, and locking each row would write to every tuple
        // (and the WAL) once more before the delete does it again.
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, topic, aggregate_id, type, envelope, events from ("
                        + "select id, seq, topic, aggregate_id, type, envelope, events, "
                        + "sum(coalesce(batch_size, 1)) over (order by seq) - coalesce(batch_size, 1) as before "
                        + "from outbox_event where sent_at is null order by seq limit :n) b "
                        + "where before < :n order by seq")
                .setParameter("n", batchSize)
                .getResultList();
        if (rows.isEmpty()) {
            return 0;
        }
        KafkaProducer<byte[], byte[]> p = producer();
        // Fail fast while Kafka is unreachable: without topic metadata every send would block max.block.ms.
        rows.stream().map(r -> (String) r[1]).distinct().forEach(p::partitionsFor);
        List<List<Future<RecordMetadata>>> acks = new ArrayList<>(rows.size());
        int records = 0;
        for (Object[] row : rows) {
            String topic = (String) row[1];
            byte[] type = ((String) row[3]).getBytes(StandardCharsets.UTF_8);
            List<Future<RecordMetadata>> rowAcks = new ArrayList<>();
            if (row[5] == null) {
                rowAcks.add(p.send(record(topic, type, row[0].toString().getBytes(StandardCharsets.UTF_8),
                        ((String) row[2]).getBytes(StandardCharsets.UTF_8), ((String) row[4]).getBytes(StandardCharsets.UTF_8))));
            } else {
                // "event id TAB aggregate id TAB envelope" lines, UTF-8: tabs and line breaks are single bytes there
                byte[] lines = (byte[]) row[5];
                for (int from = 0, end; from < lines.length; from = end + 1) {
                    int tab1 = indexOf(lines, (byte) '\t', from);
                    int tab2 = indexOf(lines, (byte) '\t', tab1 + 1);
                    end = indexOf(lines, (byte) '\n', tab2 + 1);
                    rowAcks.add(p.send(record(topic, type, Arrays.copyOfRange(lines, from, tab1),
                            Arrays.copyOfRange(lines, tab1 + 1, tab2), Arrays.copyOfRange(lines, tab2 + 1, end))));
                }
            }
            records += rowAcks.size();
            acks.add(rowAcks);
        }
        p.flush();
        List<UUID> acknowledged = new ArrayList<>(rows.size());
        int published = 0;
        for (int i = 0; i < rows.size(); i++) {
            try {
                for (Future<RecordMetadata> ack : acks.get(i)) {
                    ack.get(30, TimeUnit.SECONDS);
                }
                acknowledged.add((UUID) rows.get(i)[0]);
                published += acks.get(i).size();
            } catch (Exception e) {
                // Keep order: this row and every later one stay unsent and are retried together (the events of a
                // bulk row that Kafka did take are published again; consumers skip them as duplicates).
                Throwable cause = e.getCause() != null ? e.getCause() : e; // the broker's reason, not the Future's
                String error = truncate(cause.getClass().getSimpleName() + ": " + cause.getMessage());
                List<UUID> failed = rows.subList(i, rows.size()).stream().map(r -> (UUID) r[0]).toList();
                em.createNativeQuery("update outbox_event set attempts = attempts + 1, last_error = :e where id in (:ids)")
                        .setParameter("e", error).setParameter("ids", failed).executeUpdate();
                LOG.warnf("Outbox relay: %d of %d events acknowledged, the rest will be retried (%s)",
                        published, records, error);
                break;
            }
        }
        if (!acknowledged.isEmpty()) {
            // Kafka holds the event now; the row has done its job. If this commit is lost (it need not wait for the
            // disk), the events are published again and consumers skip them as duplicates.
            em.createNativeQuery("set local synchronous_commit = off").executeUpdate();
            em.createNativeQuery("delete from outbox_event where id in (:ids)")
                    .setParameter("ids", acknowledged).executeUpdate();
        }
        registry.counter("sscard_outbox_published_total").increment(published);
        return published;
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

    private static String truncate(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }
}
