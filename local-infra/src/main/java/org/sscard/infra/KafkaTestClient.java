package org.sscard.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.sscard.events.EventEnvelope;
import org.sscard.events.EventTypes;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * For tests: put event envelopes on a real topic and read a topic from the beginning, through SmallRye's Kafka
 * companion; what is added here is the platform's envelope and the "everything on the topic now" read.
 */
public final class KafkaTestClient {
    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private final String bootstrap;

    public KafkaTestClient(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** An envelope as a producing service would write it. */
    public static EventEnvelope envelope(String type, String aggregateId, String producer, Object payload) {
        return new EventEnvelope(UUID.randomUUID(), type, EventTypes.SCHEMA_VERSION, Instant.now(), aggregateId,
                producer, JSON.valueToTree(payload));
    }

    /** {@code events} as one poll of partition 0 of {@code topic} would hand them to a batch consumer, keyed by aggregate. */
    public static org.apache.kafka.clients.consumer.ConsumerRecords<String, String> poll(String topic, List<EventEnvelope> events) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (EventEnvelope e : events) {
            records.add(new ConsumerRecord<>(topic, 0, records.size(), e.aggregateId(), json(e)));
        }
        return new org.apache.kafka.clients.consumer.ConsumerRecords<>(Map.of(new TopicPartition(topic, 0), records));
    }

    public static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public void send(String topic, EventEnvelope envelope) {
        send(topic, envelope.aggregateId(), json(envelope));
    }

    public void send(String topic, String key, String value) {
        send(topic, key, value, Map.of());
    }

    /** Sends a record with {@code headers} (UTF-8), as a dead-letter strategy or a relay writes them; waits for the ack. */
    public void send(String topic, String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrap)) {
            kafka.produceStrings().withProp("acks", "all").fromRecords(record).awaitCompletion(PATIENCE);
        }
    }

    /** Every record on {@code topic} now, from the beginning of each partition to its end; none for a missing topic. */
    public List<ConsumerRecord<String, String>> readAll(String topic) {
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrap)) {
            List<TopicPartition> partitions;
            try {
                partitions = kafka.topics().describe(topic).get(topic).partitions().stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
            } catch (RuntimeException e) {
                if (causedBy(e, UnknownTopicOrPartitionException.class)) {
                    return List.of();
                }
                throw e;
            }
            Map<TopicPartition, Long> start = offsets(kafka, partitions, OffsetSpec.earliest());
            Map<TopicPartition, Long> end = offsets(kafka, partitions, OffsetSpec.latest());
            long count = partitions.stream().mapToLong(tp -> end.get(tp) - start.get(tp)).sum();
            if (count == 0) {
                return List.of();
            }
            // no producer here is transactional, so the offsets between start and end are all records
            return kafka.consumeStrings().fromOffsets(start, count).awaitCompletion(PATIENCE).getRecords();
        }
    }

    private static Map<TopicPartition, Long> offsets(KafkaCompanion kafka, List<TopicPartition> partitions,
                                                     OffsetSpec spec) {
        return kafka.offsets().list(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> spec)))
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Envelopes on {@code topic} for one application, in order. */
    public List<EventEnvelope> events(String topic, String aggregateId) {
        return readAll(topic).stream().filter(r -> aggregateId.equals(r.key()))
                .map(r -> {
                    try {
                        return JSON.readValue(r.value(), EventEnvelope.class);
                    } catch (JsonProcessingException e) {
                        return null;
                    }
                })
                .filter(e -> e != null).toList();
    }

    public List<ConsumerRecord<String, String>> matching(String topic, Predicate<ConsumerRecord<String, String>> p) {
        return readAll(topic).stream().filter(p).toList();
    }

    /** The last header {@code name} of {@code r} in UTF-8, or null when it has none. */
    public static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
