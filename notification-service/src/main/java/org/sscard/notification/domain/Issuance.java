package org.sscard.notification.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * One issuance under a service level: a new card from its application's submission, or a replacement from its
 * request, until the card is ready for collection. The clock stops while the applicant is asked for materials.
 */
@Entity
@Table(name = "issuance")
public class Issuance {
    public static final String NEW_CARD = "NEW_CARD";
    public static final String REPLACEMENT = "REPLACEMENT";

    @Id
    public Long id;
    @Column(name = "application_id")
    public UUID applicationId;
    public String kind;
    @Column(name = "card_number")
    public String cardNumber;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "expected_at")
    public Instant expectedAt;
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "paused_at")
    public Instant pausedAt;
    @Column(name = "ended_at")
    public Instant endedAt;
    public String outcome;

    /**
     * Where it stands at {@code now}: MET, MISSED or ENDED once over; WAITING_FOR_APPLICANT while paused; OVERDUE
     * past its due time; LATE past the ETA; otherwise ON_TRACK.
     */
    public String state(Instant now) {
        if (endedAt != null) {
            return outcome;
        }
        if (pausedAt != null) {
            return "WAITING_FOR_APPLICANT";
        }
        if (now.isAfter(dueAt)) {
            return "OVERDUE";
        }
        return now.isAfter(expectedAt) ? "LATE" : "ON_TRACK";
    }
}
