package org.sscard.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sscard.events.EventEnvelope;
import org.sscard.events.EventTypes;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** For tests: put records on a real topic and read a topic from the beginning. */
public final class KafkaTestClient {
    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
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

    /** Sends a record with {@code headers} (UTF-8), as a dead-letter strategy or a relay writes them. */
    public void send(String topic, String key, String value, Map<String, String> headers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
            headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("send to " + topic + " failed", e);
        }
    }

    /** Every record now on {@code topic}, from the beginning. */
    public List<ConsumerRecord<String, String>> readAll(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            if (parts.isEmpty()) {
                return out;
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
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

    public static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
