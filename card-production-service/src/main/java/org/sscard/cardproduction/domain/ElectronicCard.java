package org.sscard.cardproduction.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.sscard.platform.problem.DomainException;

import java.time.Instant;
import java.util.Optional;
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

    /** Issued for an active card after its holder passed the face check {@code faceCheckRef}. */
    public static ElectronicCard issue(UUID id, Card card, String faceCheckRef, Instant at) {
        ElectronicCard e = new ElectronicCard();
        e.id = id;
        e.cardNumber = card.cardNumber;
        e.applicantId = card.applicantId;
        e.status = ElectronicCardStatus.ACTIVE;
        e.faceCheckRef = faceCheckRef;
        e.issuedAt = at;
        e.updatedAt = at;
        return e;
    }

    /** A conflict unless it is active: a QR code is shown and accepted only then. */
    public void requireActive() {
        if (status != ElectronicCardStatus.ACTIVE) {
            throw DomainException.conflict("ELECTRONIC_CARD_NOT_ACTIVE", "The electronic card is " + status);
        }
    }

    /** It moves to the replacement card when that is collected. */
    public void relinkTo(String newCardNumber, Instant at) {
        cardNumber = newCardNumber;
        updatedAt = at;
    }

    /** Follows its physical card into {@code physical}; returns its new status if it changed. */
    public Optional<ElectronicCardStatus> follow(CardStatus physical, Instant at) {
        ElectronicCardStatus target = ElectronicCardStatus.following(physical);
        if (target == status) {
            return Optional.empty();
        }
        status = target;
        updatedAt = at;
        return Optional.of(target);
    }
}
