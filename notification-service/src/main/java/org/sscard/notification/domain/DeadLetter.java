package org.sscard.notification.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.sscard.platform.persistence.SqlValues;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message on a dead-letter topic, without its payload (the topic keeps it), and what operations did about it: it
 * is {@code OPEN} until it is replayed to its original topic or discarded with a reason, once.
 */
@Entity
@Table(name = "dead_letter")
public class DeadLetter {
    /** Where a dead letter stands. */
    public enum Status { OPEN, REPLAYED, DISCARDED }

    /** A consumer's reason starts with its cause: {@code UNKNOWN_TYPE: unknown event type: …}. */
    private static final Pattern CAUSE = Pattern.compile("^([A-Z][A-Z_]{2,39}): ");

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String topic;
    @Column(name = "partition_no")
    public int partition;
    @Column(name = "offset_no")
    public long offset;
    @Column(name = "original_topic")
    public String originalTopic;
    @Column(name = "message_key")
    public String key;
    @Column(name = "event_id")
    public String eventId;
    @Column(name = "event_type")
    public String eventType;
    public String reason;
    /** The consumer's cause (UNREADABLE, UNKNOWN_TYPE, SCHEMA_MISMATCH, INVARIANT_BROKEN, HANDLER_FAILED) or UNKNOWN. */
    public String cause;
    @Column(name = "received_at")
    public Instant receivedAt;
    @Enumerated(EnumType.STRING)
    public Status status = Status.OPEN;
    @Column(name = "resolved_at")
    public Instant resolvedAt;
    @Column(name = "resolved_by")
    public String resolvedBy;
    /** What the operator said, and for a replay where the message went. */
    public String resolution;

    /**
     * The cause at the head of a dead-letter reason; for the reasons of releases that did not name it, the cause their
     * words give (as V5__dead_letter_replay.sql did for the rows then stored); otherwise UNKNOWN.
     */
    public static String causeOf(String reason) {
        if (reason == null) {
            return "UNKNOWN";
        }
        Matcher m = CAUSE.matcher(reason);
        if (m.find()) {
            return m.group(1);
        }
        if (reason.startsWith("handler failed")) {
            return "HANDLER_FAILED";
        }
        if (reason.startsWith("malformed JSON") || reason.startsWith("empty message") || reason.startsWith("envelope lacks")) {
            return "UNREADABLE";
        }
        if (reason.startsWith("unknown event type")) {
            return "UNKNOWN_TYPE";
        }
        if (reason.startsWith("payload of ")) {
            return "SCHEMA_MISMATCH";
        }
        return reason.endsWith(" for an application this service does not know") ? "INVARIANT_BROKEN" : "UNKNOWN";
    }

    public boolean isOpen() {
        return status == Status.OPEN;
    }

    /** Refuses anything but an open dead letter (before its message is sent again, say). */
    public void requireOpen() {
        if (!isOpen()) {
            throw new AlreadyResolved(id, status);
        }
    }

    /** Sent back to its original topic; refused unless open. */
    public void replayed(String by, String note, Instant at) {
        resolve(Status.REPLAYED, by, note, at);
    }

    /** Set aside for good, with the reason; refused unless open. */
    public void discard(String by, String why, Instant at) {
        resolve(Status.DISCARDED, by, why, at);
    }

    private void resolve(Status next, String by, String note, Instant at) {
        requireOpen();
        status = next;
        resolvedBy = by;
        resolvedAt = at;
        resolution = SqlValues.fit(note, 1000);
    }

    /** A dead letter that was already replayed or discarded. */
    public static final class AlreadyResolved extends RuntimeException {
        public final Status status;

        AlreadyResolved(Long id, Status status) {
            super("Dead letter " + id + " is already " + status, null, false, false);
            this.status = status;
        }
    }
}
