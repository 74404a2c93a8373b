package org.sscard.platform.inbox;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.sscard.events.Topics;
import org.sscard.platform.outbox.Producers;
import org.sscard.platform.reliability.ConsumerWaits;
import org.sscard.platform.reliability.Failures;
import org.sscard.platform.reliability.Outages;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Moves one poison record of a batch to this service's dead-letter topic ({@code sscard.dlq.<service>}), with the
 * headers SmallRye's dead-letter-queue strategy writes (the reason, and the topic, partition and offset the record
 * came from), so that the operations dashboard reads and replays it like any other. A batch is acknowledged as a
 * whole; the connector's own strategy would dead-letter every record of it, so the consumer moves the poison one
 * itself, and only it. A broker that does not take the dead letter is waited out: the batch is not acknowledged
 * before its poison record is safely aside.
 */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final String topic;
    private final String bootstrapServers;
    private final Outages outages;
    private final ConsumerWaits waits;
    private volatile KafkaProducer<byte[], byte[]> producer;

    public DeadLetters(@ConfigProperty(name = "quarkus.application.name") String service,
                       @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                       Outages outages, ConsumerWaits waits) {
        this.topic = Topics.deadLetter(service);
        this.bootstrapServers = bootstrapServers;
        this.outages = outages;
        this.waits = waits;
    }

    /** Sends {@code record} to the dead-letter topic with {@code reason}; returns once the broker has it. */
    public void send(ConsumerRecord<String, String> record, PoisonMessageException reason) {
        ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(topic, null, bytes(record.key()), bytes(record.value()));
        header(dead, "dead-letter-exception-class-name", reason.getClass().getName());
        header(dead, "dead-letter-reason", reason.getMessage());
        header(dead, "dead-letter-topic", record.topic());
        header(dead, "dead-letter-partition", Integer.toString(record.partition()));
        header(dead, "dead-letter-offset", Long.toString(record.offset()));
        for (Header h : record.headers()) {
            dead.headers().add(h);
        }
        for (int failed = 1; ; failed++) {
            try {
                producer().send(dead).get(30, TimeUnit.SECONDS);
                waits.resumed(record.topic());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while dead-lettering", e);
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                if (waits.waiting(record.topic(), Failures.Unavailable.BROKER, e)) {
                    LOG.warnf("The dead-letter topic %s does not take a record (%s); the consumer of %s waits",
                            topic, e.getClass().getSimpleName(), record.topic());
                }
                outages.pause(outages.backoff(failed));
            }
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        KafkaProducer<byte[], byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(Producers.acknowledged(bootstrapServers, topic + "-producer"));
                }
                p = producer;
            }
        }
        return p;
    }

    @PreDestroy
    void close() {
        KafkaProducer<byte[], byte[]> p = producer;
        if (p != null) {
            p.close(java.time.Duration.ofSeconds(5));
        }
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static void header(ProducerRecord<?, ?> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
