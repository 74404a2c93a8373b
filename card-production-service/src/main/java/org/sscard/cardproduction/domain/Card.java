package org.sscard.cardproduction.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.sscard.events.Topics;
import org.sscard.platform.crypto.EncryptedText;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A social security card, from its print batch to the end of its life. The holder's and a proxy's name and ID number
 * are stored encrypted (platform FieldCipher).
 */
@Entity
@Table(name = "card")
public class Card {
    /** 9 characters [A-Z0-9], unique nationally; a replacement gets a new one. */
    @Id
    @Column(name = "card_number")
    public String cardNumber;
    /** 32 characters: issuing region + D156000005 + 16 hex. */
    @Column(name = "identification_code")
    public String identificationCode;
    @Column(name = "application_id")
    public UUID applicationId;
    @Column(name = "applicant_id")
    public String applicantId;
    @Convert(converter = EncryptedText.class)
    public String name;
    @Convert(converter = EncryptedText.class)
    @Column(name = "id_number")
    public String idNumber;
    /**
     * The blind indexes (platform BlindIndex) of who holds the card, comma-separated: the person, and for a child
     * the guardian. Null on cards made before holders were told; the ID number itself decides there.
     */
    @Column(name = "holder_keys")
    public String holderKeys;
    @Column(name = "outlet_code")
    public String outletCode;
    @Column(name = "region_code")
    public String regionCode;
    /**
     * Whether the card's application travels on the bulk lane (it came from a roster): all its events go to
     * sscard.cards.bulk, a replacement's too, so that they stay in order.
     */
    public boolean bulk;
    @Enumerated(EnumType.STRING)
    public CardStatus status;
    @Column(name = "batch_id")
    public UUID batchId;
    @Column(name = "print_attempts")
    public int printAttempts;
    @Column(name = "issue_date")
    public LocalDate issueDate;
    @Column(name = "expiry_date")
    public LocalDate expiryDate;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "printed_at")
    public Instant printedAt;
    @Column(name = "ready_at")
    public Instant readyAt;
    @Column(name = "collected_at")
    public Instant collectedAt;
    @Column(name = "collected_by")
    public String collectedBy;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Version
    public long version;
    @Column(name = "employer_id")
    public String employerId;
    @Column(name = "print_flagged")
    public boolean printFlagged;
    @Enumerated(EnumType.STRING)
    @Column(name = "collection_mode")
    public CollectionMode collectionMode;
    @Convert(converter = EncryptedText.class)
    @Column(name = "proxy_id_number")
    public String proxyIdNumber;
    @Convert(converter = EncryptedText.class)
    @Column(name = "proxy_name")
    public String proxyName;
    @Column(name = "authorisation_ref")
    public String authorisationRef;
    @Column(name = "collection_overdue_at")
    public Instant collectionOverdueAt;
    @Column(name = "activated_at")
    public Instant activatedAt;
    @Column(name = "activation_channel")
    public String activationChannel;
    @Column(name = "bank_name")
    public String bankName;
    @Column(name = "bank_activated_at")
    public Instant bankActivatedAt;
    @Column(name = "pin_hash")
    public String pinHash;
    @Column(name = "pin_set_at")
    public Instant pinSetAt;
    @Column(name = "pin_failed_attempts")
    public int pinFailedAttempts;
    @Column(name = "pin_last_failed_at")
    public Instant pinLastFailedAt;
    @Column(name = "temp_loss_until")
    public Instant tempLossUntil;
    @Column(name = "temp_loss_channel")
    public String tempLossChannel;
    @Column(name = "lost_at")
    public Instant lostAt;
    @Column(name = "replaces_card_number")
    public String replacesCardNumber;
    @Column(name = "replaced_by_card_number")
    public String replacedByCardNumber;
    @Column(name = "replacement_reason")
    public String replacementReason;
    public int fee;
    @Column(name = "cancelled_at")
    public Instant cancelledAt;
    @Column(name = "cancellation_reason")
    public String cancellationReason;
    @Column(name = "bank_cancelled_at")
    public Instant bankCancelledAt;
    @Column(name = "expiry_notice_at")
    public Instant expiryNoticeAt;

    /** Moves to {@code next} if the state machine allows it, else a 409 naming the current state. */
    public void moveTo(CardStatus next, String conflictCode, Instant at) {
        if (!status.canMoveTo(next)) {
            throw new IllegalCardTransitionException(conflictCode, status, next);
        }
        status = next;
        updatedAt = at;
    }

    /** Statuses of a card that has not reached its holder: a withdrawal of its application still cancels it. */
    public static final java.util.Set<CardStatus> BEFORE_HANDOVER = java.util.EnumSet.of(CardStatus.IN_BATCH,
            CardStatus.PRINT_FAILED, CardStatus.PRINTED, CardStatus.READY_FOR_COLLECTION);

    /** Whether the card is still on its way to the holder (being made, printed, or waiting at the outlet). */
    public boolean notHandedOver() {
        return BEFORE_HANDOVER.contains(status);
    }

    /**
     * The application was withdrawn before the card reached its holder: the card is cancelled (an outlet holding it
     * destroys it). Returns the status it had.
     */
    public CardStatus cancelForWithdrawal(Instant at) {
        if (!notHandedOver()) {
            throw new IllegalCardTransitionException("CARD_ALREADY_HANDED_OVER", status, CardStatus.CANCELLED);
        }
        CardStatus previous = status;
        cancellationReason = "WITHDRAWN";
        cancelledAt = at;
        moveTo(CardStatus.CANCELLED, "CARD_NOT_CANCELLABLE", at);
        return previous;
    }

    /** Whether the person with this blind index holds the card. */
    public boolean heldBy(String holderKey) {
        return holderKeys != null && holderKey != null && java.util.Arrays.asList(holderKeys.split(",")).contains(holderKey);
    }

    /** The topic of this card's events: its application's lane of sscard.cards. */
    public String topic() {
        return Topics.lane(Topics.CARDS, bulk);
    }
}
