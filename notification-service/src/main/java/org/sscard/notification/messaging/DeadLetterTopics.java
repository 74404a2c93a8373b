package org.sscard.notification.messaging;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sscard.platform.outbox.Producers;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a message back from a dead-letter topic and sends it again to the topic it came from: the same key (so it
 * lands in the same partition as the rest of its application's events), the same value (so the same event id, which
 * every consumer that handled it has recorded) and the same headers, without the dead-letter ones, plus
 * {@code replayed-from}. Nothing of it is stored on the way.
 */
@ApplicationScoped
public class DeadLetterTopics {
    /** A record as the dead-letter topic holds it. */
    public record Held(byte[] key, byte[] value, List<Header> headers) {
    }

    private final String bootstrap;
    private KafkaConsumer<byte[], byte[]> reader;
    private volatile KafkaProducer<byte[], byte[]> producer;

    public DeadLetterTopics(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** The record at {@code offset}, or empty when the topic no longer holds it (past its retention). */
    public synchronized Optional<Held> read(String topic, int partition, long offset) {
        TopicPartition tp = new TopicPartition(topic, partition);
        KafkaConsumer<byte[], byte[]> c = reader();
        c.assign(List.of(tp));
        Duration wait = Duration.ofSeconds(5);
        long first = c.beginningOffsets(List.of(tp), wait).get(tp);
        long end = c.endOffsets(List.of(tp), wait).get(tp);
        if (offset < first || offset >= end) {
            return Optional.empty();
        }
        c.seek(tp, offset);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500)).records(tp)) {
                if (r.offset() == offset) {
                    return Optional.of(new Held(r.key(), r.value(), List.of(r.headers().toArray())));
                }
                if (r.offset() > offset) {
                    return Optional.empty(); // compacted away
                }
            }
        }
        throw new org.apache.kafka.common.errors.TimeoutException("record " + topic + "/" + partition + "/" + offset
                + " not fetched within 10 s");
    }

    /** Sends {@code held} to {@code topic} and waits for the broker's acknowledgement. */
    public void republish(String topic, Held held, String replayedFrom) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, held.key(), held.value());
        for (Header h : held.headers()) {
            if (!h.key().startsWith("dead-letter-")) {
                record.headers().add(h);
            }
        }
        record.headers().add(new RecordHeader("replayed-from", replayedFrom.getBytes(StandardCharsets.UTF_8)));
        try {
            producer().send(record).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("no acknowledgement within 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.apache.kafka.common.errors.InterruptException(e);
        }
    }

    private KafkaConsumer<byte[], byte[]> reader() {
        if (reader == null) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
            p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, "notification-service-dead-letter-replay");
            reader = new KafkaConsumer<>(p);
        }
        return reader;
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(Producers.acknowledged(bootstrap, "notification-service-dead-letter-replay"));
                }
            }
        }
        return producer;
    }

    synchronized void close(@Observes ShutdownEvent event) {
        if (reader != null) {
            reader.close(Duration.ofSeconds(2));
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
