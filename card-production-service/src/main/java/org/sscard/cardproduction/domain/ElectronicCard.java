package org.sscard.cardproduction.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/** The electronic social security card: a mirror of one physical card, shown as a short-lived signed QR code. */
@Entity
@Table(name = "electronic_card")
public class ElectronicCard {
    @Id
    public UUID id;
    /** The physical card it mirrors now; changes when a replacement is collected. */
    @Column(name = "card_number")
    public String cardNumber;
    @Column(name = "applicant_id")
    public String applicantId;
    @Enumerated(EnumType.STRING)
    public ElectronicCardStatus status;
    @Column(name = "face_check_ref")
    public String faceCheckRef;
    @Column(name = "issued_at")
    public Instant issuedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Version
    public long version;
}
