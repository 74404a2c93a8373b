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
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
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
    private volatile KafkaProducer<String, String> producer;

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
        KafkaProducer<String, String> p = producer;
        if (p != null) {
            p.close(java.time.Duration.ofSeconds(5));
        }
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    Properties props = new Properties();
                    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                    props.put(ProducerConfig.ACKS_CONFIG, "all");
                    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
                    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
                    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
                    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
                    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
                    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
                    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
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
            } while (sent == batchSize);
            backlog.set(countUnsent());
        } catch (RuntimeException e) {
            LOG.warnf("Outbox relay run failed, will retry: %s", e.getClass().getSimpleName());
        }
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    long countUnsent() {
        return ((Number) em.createNativeQuery("select count(*) from outbox_event where sent_at is null")
                .getSingleResult()).longValue();
    }

    /**
     * Publishes one batch of unsent rows; returns how many were acknowledged. Plain SQL rather than entities: a
     * roster of 100,000 rows passes through here, and one UPDATE per batch keeps the relay at Kafka's pace.
     */
    @Transactional
    public int relayBatch() {
        // One relayer at a time per database: with several instances, SKIP LOCKED alone would let one publish
        // later rows of an application while another still holds (or retries) its earlier ones.
        Boolean leader = (Boolean) em.createNativeQuery("select pg_try_advisory_xact_lock(7261001)").getSingleResult();
        if (!Boolean.TRUE.equals(leader)) {
            return 0;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, topic, aggregate_id, type, envelope from outbox_event "
                        + "where sent_at is null order by seq limit :n for update skip locked")
                .setParameter("n", batchSize)
                .getResultList();
        if (rows.isEmpty()) {
            return 0;
        }
        KafkaProducer<String, String> p = producer();
        // Fail fast while Kafka is unreachable: without topic metadata every send would block max.block.ms.
        rows.stream().map(r -> (String) r[1]).distinct().forEach(p::partitionsFor);
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            ProducerRecord<String, String> rec = new ProducerRecord<>((String) row[1], (String) row[2], (String) row[4]);
            rec.headers().add(new RecordHeader("event-type", ((String) row[3]).getBytes(StandardCharsets.UTF_8)));
            rec.headers().add(new RecordHeader("event-id", row[0].toString().getBytes(StandardCharsets.UTF_8)));
            acks.add(p.send(rec));
        }
        p.flush();
        List<UUID> acknowledged = new ArrayList<>(rows.size());
        String error = null;
        for (int i = 0; i < rows.size(); i++) {
            try {
                acks.get(i).get(30, TimeUnit.SECONDS);
                acknowledged.add((UUID) rows.get(i)[0]);
            } catch (Exception e) {
                // Keep order: this row and every later one stay unsent and are retried together.
                error = truncate(e.getClass().getSimpleName() + ": " + e.getMessage());
                List<UUID> failed = rows.subList(i, rows.size()).stream().map(r -> (UUID) r[0]).toList();
                em.createNativeQuery("update outbox_event set attempts = attempts + 1, last_error = :e where id in (:ids)")
                        .setParameter("e", error).setParameter("ids", failed).executeUpdate();
                LOG.warnf("Outbox relay: %d of %d events acknowledged, the rest will be retried (%s)",
                        i, rows.size(), e.getClass().getSimpleName());
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
        registry.counter("sscard_outbox_published_total").increment(acknowledged.size());
        return acknowledged.size();
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }
}
