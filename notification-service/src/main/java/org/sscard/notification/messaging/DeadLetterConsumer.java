package org.sscard.notification.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.sscard.notification.domain.DeadLetter;
import org.sscard.notification.repository.DeadLetterRepository;
import org.sscard.platform.persistence.SqlValues;
import org.sscard.platform.reliability.Outages;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Reads every service's dead-letter topic (sscard.dlq.*) so operations see what could not be processed and why.
 * Keeps the reason, its cause and the identity of the message, never its payload (the topic keeps it, for a replay).
 * While the database is unavailable it waits ({@link Outages}): a dead letter is never skipped.
 */
@ApplicationScoped
public class DeadLetterConsumer {
    private final DeadLetterRepository deadLetters;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Outages outages;

    public DeadLetterConsumer(DeadLetterRepository deadLetters, ObjectMapper mapper, Clock clock, Outages outages) {
        this.deadLetters = deadLetters;
        this.mapper = mapper;
        this.clock = clock;
        this.outages = outages;
    }

    @Incoming("dead-letters")
    @Blocking
    public void onDeadLetter(ConsumerRecord<String, String> record) {
        outages.transaction("sscard.dlq.*", "Dead letter " + record.topic() + "/" + record.partition() + "/"
                + record.offset(), () -> {
            if (!deadLetters.exists(record.topic(), record.partition(), record.offset())) {
                DeadLetter d = read(record); // a new entity each try: a try that failed may have spoilt the last
                // A consumer that stopped between sending a poison event here and acknowledging it sends it again
                // when it restarts: one entry for operations to work through, not two.
                if (d.eventId == null || !deadLetters.openFor(d.topic, d.eventId)) {
                    deadLetters.persist(d);
                }
            }
            return null;
        });
    }

    private DeadLetter read(ConsumerRecord<String, String> record) {
        DeadLetter d = new DeadLetter();
        d.topic = record.topic();
        d.partition = record.partition();
        d.offset = record.offset();
        d.originalTopic = header(record, "dead-letter-topic");
        d.key = SqlValues.fit(record.key(), 200);
        d.reason = SqlValues.fit(header(record, "dead-letter-reason"), 1000);
        d.cause = DeadLetter.causeOf(d.reason);
        d.receivedAt = clock.instant();
        try {
            JsonNode n = mapper.readTree(record.value());
            d.eventId = n.hasNonNull("eventId") ? SqlValues.fit(n.get("eventId").asText(), 60) : null;
            d.eventType = n.hasNonNull("type") ? SqlValues.fit(n.get("type").asText(), 100) : null;
        } catch (Exception e) {
            d.eventType = null; // not JSON: the reason says so
        }
        return d;
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
