package org.sscard.cardproduction.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An application its applicant withdrew: it never gets a card, whatever order the events arrive in. */
@Entity
@Table(name = "withdrawn_application")
public class WithdrawnApplication {
    @Id
    @Column(name = "application_id")
    public UUID applicationId;
    @Column(name = "withdrawn_at")
    public Instant withdrawnAt;
    @Column(name = "recorded_at")
    public Instant recordedAt;
}
