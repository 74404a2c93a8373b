package org.sscard.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/**
 * The one envelope every event travels in. {@code aggregateId} is the application id and the Kafka key.
 * Changes only ever add fields; readers ignore fields they do not know.
 *
 * @param eventId       unique id of this event; consumers deduplicate on it
 * @param type          event type, one of {@link EventTypes}
 * @param schemaVersion version of the payload schema of this type
 * @param occurredAt    when the state change happened (the producer's transaction time)
 * @param aggregateId   the application id; also the Kafka record key
 * @param producer      name of the producing service
 * @param payload       the type-specific payload, one of the records in {@link Payloads}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EventEnvelope(UUID eventId, String type, int schemaVersion, Instant occurredAt,
                            String aggregateId, String producer, JsonNode payload) {
}
