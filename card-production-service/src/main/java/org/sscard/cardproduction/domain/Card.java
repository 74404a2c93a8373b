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
import org.sscard.platform.problem.DomainException;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A social security card, from its print batch to the end of its life, and the rules of that life (docs/domain.md,
 * section 4): every change of its state is a method here that checks its rule and moves it through {@link CardStatus}.
 * Services load it, call one of these, and announce the change. The holder's and a proxy's name and ID number are
 * stored encrypted (platform FieldCipher).
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
    @Column(name = "collection_reminders")
    public int collectionReminders;
    @Column(name = "last_reminded_at")
    public Instant lastRemindedAt;
    @Column(name = "collection_due_at")
    public Instant collectionDueAt;
    @Column(name = "returned_at")
    public Instant returnedAt;
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

    // ---------------------------------------------------------------- the state machine

    /** Moves to {@code next} if the state machine allows it, else a conflict naming the current state. */
    public void moveTo(CardStatus next, String conflictCode, Instant at) {
        if (!status.canMoveTo(next)) {
            throw new IllegalCardTransitionException(conflictCode, status, next);
        }
        status = next;
        updatedAt = at;
    }

    /** A conflict unless the card is {@code wanted}. */
    public void require(CardStatus wanted, String code) {
        if (status != wanted) {
            throw DomainException.conflict(code, "The card is " + status + "; this needs it " + wanted);
        }
    }

    /** A rule broken unless {@code idNumber} is the holder's, as read from the document shown at the counter. */
    public void requireHolderId(String idNumber) {
        if (idNumber == null || !this.idNumber.equals(idNumber.trim())) {
            throw DomainException.breaksRule("ID_NUMBER_MISMATCH", "The ID number shown does not match the card holder's");
        }
    }

    // ---------------------------------------------------------------- production

    /** The printer printed it: it is dated from today and valid for {@code validityYears}. */
    public void printed(Instant at, int validityYears) {
        moveTo(CardStatus.PRINTED, "CARD_NOT_IN_PRODUCTION", at);
        printedAt = at;
        issueDate = LocalDate.ofInstant(at, ZoneOffset.UTC);
        expiryDate = issueDate.plusYears(validityYears);
    }

    /** Dispatched to its outlet (or its employer), where it waits for collection under {@code policy}. */
    public void readyForCollection(Instant at, CollectionPolicy policy) {
        moveTo(CardStatus.READY_FOR_COLLECTION, "CARD_NOT_PRINTED", at);
        readyAt = at;
        collectionDueAt = policy.nextCheck(at, at);
    }

    /** The print failed: after {@code maxAttempts} tries it is flagged for operators. Returns whether it is retried. */
    public boolean printFailed(Instant at, int maxAttempts) {
        moveTo(CardStatus.PRINT_FAILED, "CARD_NOT_IN_PRODUCTION", at);
        printFlagged = printAttempts >= maxAttempts;
        return !printFlagged;
    }

    /** A failed card goes back into a batch. */
    public void requeue(Instant at) {
        moveTo(CardStatus.IN_BATCH, "CARD_NOT_RETRYABLE", at);
    }

    // ---------------------------------------------------------------- collection

    /**
     * Handed over at the counter, sealed: to the holder on their ID, to a proxy with their own valid ID and the
     * holder's written authorisation, or to the employer that applied for it. {@code validId} says whether an ID
     * number is well-formed and plausible today.
     */
    public void collect(Handover h, String clerk, Predicate<String> validId, Instant at) {
        h.requireIdNumber();
        if (status != CardStatus.READY_FOR_COLLECTION) {
            throw DomainException.conflict("CARD_NOT_READY_FOR_COLLECTION",
                    "The card is " + status + "; only a card READY_FOR_COLLECTION can be handed over");
        }
        switch (h.mode()) {
            case HOLDER -> requireHolderId(h.idNumber());
            case PROXY -> {
                requireHolderId(h.idNumber());
                if (h.proxyIdNumber() == null || !validId.test(h.proxyIdNumber()) || h.proxyIdNumber().equals(idNumber)) {
                    throw DomainException.breaksRule("PROXY_ID_INVALID",
                            "A proxy shows their own valid ID number, different from the holder's");
                }
                if (blank(h.proxyName()) || blank(h.authorisationRef())) {
                    throw DomainException.breaksRule("AUTHORISATION_REQUIRED",
                            "A proxy collection records the proxy's name and the holder's authorisation");
                }
                proxyIdNumber = h.proxyIdNumber();
                proxyName = h.proxyName();
                authorisationRef = h.authorisationRef();
            }
            case EMPLOYER -> {
                if (employerId == null) {
                    throw DomainException.breaksRule("NOT_AN_EMPLOYER_CARD",
                            "Only cards applied for by an employer can be collected by the employer");
                }
                if (!employerId.equals(h.employerId())) {
                    throw DomainException.breaksRule("EMPLOYER_MISMATCH",
                            "The employer shown is not the one that applied for this card");
                }
            }
        }
        collectionMode = h.mode();
        collectedAt = at;
        collectedBy = clerk;
        moveTo(CardStatus.ISSUED_SEALED, "CARD_NOT_READY_FOR_COLLECTION", at);
    }

    /** The card it replaces is superseded once this one is collected. */
    public void supersede(Instant at) {
        moveTo(CardStatus.SUPERSEDED, "CARD_NOT_REPLACEABLE", at);
    }

    // ---------------------------------------------------------------- activation

    /** The social security function is enabled, online or at an outlet; only a sealed card is activated. */
    public void activate(String channel, Instant at) {
        // a lock or a loss report is lifted by its own procedure, never here
        require(CardStatus.ISSUED_SEALED, "CARD_NOT_SEALED");
        activatedAt = at;
        activationChannel = channel;
        moveTo(CardStatus.ACTIVE, "CARD_NOT_ACTIVATABLE", at);
    }

    /** The cooperative bank activated the financial function, once, on an activated card. */
    public void bankActivated(String bank, Instant at) {
        if (status != CardStatus.ACTIVE && status != CardStatus.LOCKED) {
            throw DomainException.conflict("CARD_NOT_ACTIVE", "The card is " + status
                    + "; the bank function is activated on an issued, activated card");
        }
        if (bankActivatedAt != null) {
            throw DomainException.conflict("BANK_ALREADY_ACTIVATED", "The bank function is already activated");
        }
        bankName = bank;
        bankActivatedAt = at;
    }

    // ---------------------------------------------------------------- PIN

    /** The holder's first PIN, on an active card. */
    public void setFirstPin(String pin, PinCodec codec, Instant at) {
        require(CardStatus.ACTIVE, "CARD_NOT_ACTIVE");
        if (pinHash != null) {
            throw DomainException.conflict("PIN_ALREADY_SET", "The card has a PIN; change it with the old PIN");
        }
        storePin(pin, codec, at);
    }

    /** A new PIN after a PIN reset at the counter: allowed on an active or locked card (the reset lifts the lock). */
    public void resetPin(String pin, PinCodec codec, Instant at) {
        if (status != CardStatus.ACTIVE && status != CardStatus.LOCKED) {
            throw DomainException.conflict("CARD_NOT_ACTIVE", "The card is " + status + "; its PIN cannot be reset");
        }
        storePin(pin, codec, at);
    }

    /** Stores {@code pin} if the PIN rules allow it for this holder, and clears the count of wrong tries. */
    public void storePin(String pin, PinCodec codec, Instant at) {
        PinRules.problem(pin, idNumber).ifPresent(p -> {
            throw DomainException.breaksRule("PIN_NOT_ALLOWED", p);
        });
        pinHash = codec.hash(pin);
        pinSetAt = at;
        pinFailedAttempts = 0;
        pinLastFailedAt = null;
    }

    /** The outcome of a PIN try. */
    public enum PinTry { RIGHT, WRONG, WRONG_AND_LOCKED }

    /**
     * Checks a PIN on an active card. A wrong PIN is counted; the {@code maxAttempts}-th in a row locks the card. A
     * try within {@code retryDelay} of a wrong one is refused without being checked.
     */
    public PinTry tryPin(String pin, PinCodec codec, int maxAttempts, Duration retryDelay, Instant at) {
        if (status == CardStatus.LOCKED) {
            throw DomainException.conflict("CARD_LOCKED", "The card is locked after too many wrong PINs; "
                    + "the holder resets the PIN at an outlet with the card and ID");
        }
        require(CardStatus.ACTIVE, "CARD_NOT_ACTIVE");
        if (pinHash == null) {
            throw DomainException.conflict("PIN_NOT_SET", "No PIN has been set for this card");
        }
        if (pinLastFailedAt != null && at.isBefore(pinLastFailedAt.plus(retryDelay))) {
            throw DomainException.tooSoon("PIN_TRY_TOO_SOON", "Wait " + retryDelay.toSeconds()
                    + " s after a wrong PIN before trying again");
        }
        if (codec.matches(pin == null ? "" : pin, pinHash)) {
            pinFailedAttempts = 0;
            pinLastFailedAt = null;
            return PinTry.RIGHT;
        }
        pinFailedAttempts++;
        pinLastFailedAt = at;
        if (pinFailedAttempts >= maxAttempts) {
            moveTo(CardStatus.LOCKED, "CARD_NOT_ACTIVE", at);
            return PinTry.WRONG_AND_LOCKED;
        }
        return PinTry.WRONG;
    }

    /** Wrong tries left before the card locks. */
    public int pinTriesLeft(int maxAttempts) {
        return Math.max(0, maxAttempts - pinFailedAttempts);
    }

    /** A PIN reset at the counter lifts a lock. */
    public void unlock(Instant at) {
        moveTo(CardStatus.ACTIVE, "CARD_NOT_LOCKED", at);
    }

    // ---------------------------------------------------------------- loss

    /** A temporary loss report that lifts itself at {@code until}. */
    public void reportTemporaryLoss(String channel, Instant until, Instant at) {
        tempLossUntil = until;
        tempLossChannel = channel;
        moveTo(CardStatus.TEMP_LOST, "CARD_NOT_ACTIVE", at);
    }

    /** The temporary loss is lifted: by the holder, at an outlet, or because it ran out. */
    public void liftTemporaryLoss(Instant at) {
        require(CardStatus.TEMP_LOST, "CARD_NOT_TEMPORARILY_LOST");
        tempLossUntil = null;
        moveTo(CardStatus.ACTIVE, "CARD_NOT_TEMPORARILY_LOST", at);
    }

    /** A formal loss at the counter, on the holder's ID: irreversible. */
    public void reportFormalLoss(String shownIdNumber, Instant at) {
        requireHolderId(shownIdNumber);
        lostAt = at;
        tempLossUntil = null;
        moveTo(CardStatus.LOST, "CARD_NOT_LOSABLE", at);
    }

    // ---------------------------------------------------------------- replacement and exchange

    /**
     * Whether a new card may replace this one: a LOST card after a formal loss; an exchange on an ACTIVE card, for
     * expiry no earlier than {@code noticeDays} before the expiry date. One replacement at a time.
     */
    public void checkReplaceable(ReplacementReason reason, String shownIdNumber, LocalDate today, int noticeDays) {
        requireHolderId(shownIdNumber);
        if (replacedByCardNumber != null) {
            throw DomainException.conflict("REPLACEMENT_ALREADY_REQUESTED",
                    "A replacement card " + replacedByCardNumber + " is already on its way");
        }
        if (reason == ReplacementReason.LOST) {
            require(CardStatus.LOST, "CARD_NOT_LOST");
            return;
        }
        require(CardStatus.ACTIVE, "CARD_NOT_ACTIVE");
        if (reason == ReplacementReason.EXPIRING && expiryDate != null
                && today.isBefore(expiryDate.minusDays(noticeDays))) {
            throw DomainException.breaksRule("TOO_EARLY_FOR_EXPIRY_EXCHANGE", "An exchange for expiry is possible from "
                    + expiryDate.minusDays(noticeDays));
        }
    }

    /** A replacement was ordered; an exchanged card waits for it (a lost one stays LOST). */
    public void replacementOrdered(ReplacementReason reason, String newCardNumber, Instant at) {
        replacedByCardNumber = newCardNumber;
        if (reason != ReplacementReason.LOST) {
            moveTo(CardStatus.EXCHANGE_PENDING, "CARD_NOT_ACTIVE", at);
        }
    }

    // ---------------------------------------------------------------- cancellation and expiry

    /** The social security side is cancelled; the bank closes the account afterwards. */
    public void cancel(CancellationReason reason, Instant at) {
        cancelledAt = at;
        cancellationReason = reason.name();
        moveTo(CardStatus.CANCELLED, "CARD_NOT_CANCELLABLE", at);
    }

    /** The bank closed the account of a cancelled card, once. */
    public void bankCancelled(Instant at) {
        require(CardStatus.CANCELLED, "SOCIAL_SECURITY_NOT_CANCELLED");
        if (bankCancelledAt != null) {
            throw DomainException.conflict("BANK_ALREADY_CANCELLED", "The bank account is already closed");
        }
        bankCancelledAt = at;
    }

    /** Statuses of a card that has not reached its holder: a withdrawal of its application still cancels it. */
    public static final Set<CardStatus> BEFORE_HANDOVER = EnumSet.of(CardStatus.IN_BATCH,
            CardStatus.PRINT_FAILED, CardStatus.PRINTED, CardStatus.READY_FOR_COLLECTION, CardStatus.RETURNED);

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

    /** The holder has been told that the card expires soon. */
    public void expiryNoticed(Instant at) {
        expiryNoticeAt = at;
    }

    /** Past its expiry date. */
    public void expire(Instant at) {
        moveTo(CardStatus.EXPIRED, "CARD_NOT_ACTIVE", at);
    }

    /** Not collected within the deadline: flagged for operators. */
    public void flagUncollected(Instant at) {
        collectionOverdueAt = at;
    }

    /** The holder was reminded to collect it; the next reminder (or the return) is due as {@code policy} says. */
    public void remindedToCollect(Instant at, CollectionPolicy policy) {
        require(CardStatus.READY_FOR_COLLECTION, "CARD_NOT_READY_FOR_COLLECTION");
        collectionReminders++;
        lastRemindedAt = at;
        collectionDueAt = policy.nextCheck(readyAt, at);
    }

    /** Not collected in time: the outlet sends it back to the issuing centre. */
    public void returnUncollected(Instant at) {
        moveTo(CardStatus.RETURNED, "CARD_NOT_READY_FOR_COLLECTION", at);
        returnedAt = at;
        collectionDueAt = null;
    }

    /** A returned card is sent to its outlet again, where it waits (and reminders run) afresh. */
    public void redispatch(Instant at, CollectionPolicy policy) {
        if (status != CardStatus.RETURNED) {
            throw DomainException.conflict("CARD_NOT_RETURNED",
                    "The card is " + status + "; only a card RETURNED to the issuing centre is sent out again");
        }
        moveTo(CardStatus.READY_FOR_COLLECTION, "CARD_NOT_RETURNED", at);
        readyAt = at;
        collectionReminders = 0;
        lastRemindedAt = null;
        collectionOverdueAt = null;
        collectionDueAt = policy.nextCheck(at, at);
    }

    // ---------------------------------------------------------------- who holds it, where its events go

    /** Whether the person with this blind index holds the card. */
    public boolean heldBy(String holderKey) {
        return holderKeys != null && holderKey != null && Arrays.asList(holderKeys.split(",")).contains(holderKey);
    }

    /** The topic of this card's events: its application's lane of sscard.cards. */
    public String topic() {
        return Topics.lane(Topics.CARDS, bulk);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
