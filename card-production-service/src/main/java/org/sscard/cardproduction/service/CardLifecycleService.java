package org.sscard.cardproduction.service;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.sscard.cardproduction.config.CardConfig;
import org.sscard.cardproduction.config.FaceCheckConfig;
import org.sscard.cardproduction.domain.CancellationReason;
import org.sscard.cardproduction.domain.Card;
import org.sscard.cardproduction.domain.CardStatus;
import org.sscard.cardproduction.domain.CollectionMode;
import org.sscard.cardproduction.domain.ElectronicCard;
import org.sscard.cardproduction.domain.ElectronicCardStatus;
import org.sscard.cardproduction.domain.ReplacementReason;
import org.sscard.cardproduction.repository.CardRepository;
import org.sscard.cardproduction.repository.ElectronicCardRepository;
import org.sscard.cardproduction.rest.CardView;
import org.sscard.cardproduction.rest.CollectionRequest;
import org.sscard.cardproduction.rest.ElectronicCardView;
import org.sscard.cardproduction.rest.QrVerification;
import org.sscard.cardproduction.security.FaceVerifier;
import org.sscard.cardproduction.security.PinHasher;
import org.sscard.cardproduction.security.PinRules;
import org.sscard.cardproduction.security.QrTokens;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.platform.id.CitizenIdNumber;
import org.sscard.platform.outbox.OutboxWriter;
import org.sscard.platform.rest.ProblemException;
import org.sscard.platform.security.Caller;
import org.sscard.platform.security.Roles;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The card's life from the counter on: collection, activation, PIN, loss, replacement and exchange,
 * cancellation, expiry and the electronic card. Every state change goes through {@link #transition}, which
 * applies the state machine, announces the change and makes the electronic card follow.
 */
@ApplicationScoped
@Transactional
public class CardLifecycleService {
    private final CardService lookup;
    private final CardRepository cards;
    private final ElectronicCardRepository ecards;
    private final ProductionService production;
    private final CardEvents events;
    private final OutboxWriter outbox;
    private final PinHasher pins;
    private final QrTokens qr;
    private final FaceVerifier faces;
    private final FaceCheckConfig faceConfig;
    private final CardConfig config;
    private final Clock clock;
    private final MeterRegistry registry;

    public CardLifecycleService(CardService lookup, CardRepository cards, ElectronicCardRepository ecards,
                                ProductionService production, CardEvents events, OutboxWriter outbox, PinHasher pins,
                                QrTokens qr, FaceVerifier faces, FaceCheckConfig faceConfig, CardConfig config, Clock clock, MeterRegistry registry) {
        this.lookup = lookup;
        this.cards = cards;
        this.ecards = ecards;
        this.production = production;
        this.events = events;
        this.outbox = outbox;
        this.pins = pins;
        this.qr = qr;
        this.faces = faces;
        this.faceConfig = faceConfig;
        this.config = config;
        this.clock = clock;
        this.registry = registry;
    }

    // ---------------------------------------------------------------- collection

    /** The card is handed over to the holder, a proxy or the employer; a replacement supersedes the old card. */
    public CardView collect(String cardNumber, CollectionRequest req, Caller clerk) {
        CollectionMode mode = req.mode() == null ? CollectionMode.HOLDER : req.mode();
        if (mode != CollectionMode.EMPLOYER && blank(req.idNumber())) {
            throw new ProblemException(400, "VALIDATION_FAILED", "The request has invalid fields",
                    List.of(new org.sscard.platform.rest.Problem.FieldError("idNumber", "must not be blank")));
        }
        Card card = lookup.find(cardNumber, clerk);
        if (card.status != CardStatus.READY_FOR_COLLECTION) {
            throw ProblemException.conflict("CARD_NOT_READY_FOR_COLLECTION",
                    "The card is " + card.status + "; only a card READY_FOR_COLLECTION can be handed over");
        }
        switch (mode) {
            case HOLDER -> requireHolderId(card, req.idNumber());
            case PROXY -> {
                requireHolderId(card, req.idNumber());
                if (req.proxyIdNumber() == null || !CitizenIdNumber.isValid(req.proxyIdNumber(), clock)
                        || req.proxyIdNumber().equals(card.idNumber)) {
                    throw ProblemException.unprocessable("PROXY_ID_INVALID",
                            "A proxy shows their own valid ID number, different from the holder's");
                }
                if (blank(req.proxyName()) || blank(req.authorisationRef())) {
                    throw ProblemException.unprocessable("AUTHORISATION_REQUIRED",
                            "A proxy collection records the proxy's name and the holder's authorisation");
                }
                card.proxyIdNumber = req.proxyIdNumber();
                card.proxyName = req.proxyName();
                card.authorisationRef = req.authorisationRef();
            }
            case EMPLOYER -> {
                if (card.employerId == null) {
                    throw ProblemException.unprocessable("NOT_AN_EMPLOYER_CARD",
                            "Only cards applied for by an employer can be collected by the employer");
                }
                if (!card.employerId.equals(req.employerId())) {
                    throw ProblemException.unprocessable("EMPLOYER_MISMATCH",
                            "The employer shown is not the one that applied for this card");
                }
            }
        }
        Instant now = clock.instant();
        card.collectionMode = mode;
        card.collectedAt = now;
        card.collectedBy = clerk.subject();
        card.moveTo(CardStatus.ISSUED_SEALED, "CARD_NOT_READY_FOR_COLLECTION", now);
        String app = card.applicationId.toString();
        outbox.publish(card.topic(), EventTypes.CARD_COLLECTED, app, new Payloads.CardCollected(app, card.cardNumber,
                card.applicantId, CitizenIdNumber.mask(card.idNumber), card.outletCode, clerk.subject()));
        registry.counter("sscard_cards_collected_total", "mode", mode.name()).increment();
        if (card.replacesCardNumber != null) {
            supersede(cards.findById(card.replacesCardNumber), card);
        }
        cards.flush(); // a concurrent change to the card surfaces here as a 409, not at commit as a 500
        return CardView.of(card);
    }

    private void supersede(Card old, Card replacement) {
        // the electronic card moves to the replacement first, so superseding the old card does not revoke it
        ecards.liveFor(old.cardNumber).ifPresent(e -> {
            e.cardNumber = replacement.cardNumber;
            e.updatedAt = clock.instant();
            events.publish(EventTypes.ELECTRONIC_CARD_RELINKED, replacement, replacement.status,
                    new CardEvents.Detail(null, null, null, old.cardNumber, null));
        });
        transition(old, CardStatus.SUPERSEDED, EventTypes.CARD_SUPERSEDED, "CARD_NOT_REPLACEABLE",
                new CardEvents.Detail(replacement.replacementReason, null, null, replacement.cardNumber, null));
        follow(replacement);
    }

    // ---------------------------------------------------------------- activation

    /** The social security function is enabled online by the holder or at an outlet by a clerk. */
    public CardView activate(String cardNumber, Caller caller) {
        Card card = lookup.find(cardNumber, caller);
        requireHolderOrStaff(card, caller);
        // only a sealed card is activated: a lock or a loss report is lifted by its own procedure, never here
        requireStatus(card, CardStatus.ISSUED_SEALED, "CARD_NOT_SEALED");
        String channel = lookup.isHolder(card, caller) ? "ONLINE" : "OUTLET";
        card.activatedAt = clock.instant();
        card.activationChannel = channel;
        transition(card, CardStatus.ACTIVE, EventTypes.CARD_ACTIVATED, "CARD_NOT_ACTIVATABLE",
                new CardEvents.Detail(null, channel, null, null, null));
        return CardView.of(card);
    }

    /** The cooperative bank reports that it activated the financial function. */
    public CardView bankActivated(String cardNumber, String bankName, Caller bank) {
        Card card = lookup.find(cardNumber, bank);
        if (card.status != CardStatus.ACTIVE && card.status != CardStatus.LOCKED) {
            throw ProblemException.conflict("CARD_NOT_ACTIVE", "The card is " + card.status
                    + "; the bank function is activated on an issued, activated card");
        }
        if (card.bankActivatedAt != null) {
            throw ProblemException.conflict("BANK_ALREADY_ACTIVATED", "The bank function is already activated");
        }
        card.bankName = bankName;
        card.bankActivatedAt = clock.instant();
        events.publish(EventTypes.CARD_BANK_ACTIVATED, card, card.status, new CardEvents.Detail(null, "BANK", null, null, null));
        return CardView.of(card);
    }

    // ---------------------------------------------------------------- PIN

    public void setPin(String cardNumber, String pin, Caller holder) {
        Card card = holderCard(cardNumber, holder);
        requireStatus(card, CardStatus.ACTIVE, "CARD_NOT_ACTIVE");
        if (card.pinHash != null) {
            throw ProblemException.conflict("PIN_ALREADY_SET", "The card has a PIN; change it with the old PIN");
        }
        storePin(card, pin);
    }

    /** A wrong old PIN counts as a wrong try and is committed, not rolled back. */
    @Transactional(dontRollbackOn = ProblemException.class)
    public void changePin(String cardNumber, String oldPin, String newPin, Caller holder) {
        Card card = requireHolder(lookup.findLocked(cardNumber, holder), holder);
        checkPin(card, oldPin);
        storePin(card, newPin);
    }

    /** Checks a PIN; wrong tries are counted (and committed) and lock the card at the configured limit. */
    @Transactional(dontRollbackOn = ProblemException.class)
    public void verifyPin(String cardNumber, String pin, Caller caller) {
        Card card = lookup.findLocked(cardNumber, caller);
        checkPin(card, pin);
    }

    /** At an outlet with card and ID: a new PIN, the counter cleared and a lock lifted. */
    public CardView resetPin(String cardNumber, String idNumber, String newPin, Caller clerk) {
        Card card = lookup.find(cardNumber, clerk);
        requireHolderId(card, idNumber);
        if (card.status != CardStatus.ACTIVE && card.status != CardStatus.LOCKED) {
            throw ProblemException.conflict("CARD_NOT_ACTIVE", "The card is " + card.status + "; its PIN cannot be reset");
        }
        storePin(card, newPin);
        if (card.status == CardStatus.LOCKED) {
            transition(card, CardStatus.ACTIVE, EventTypes.CARD_UNLOCKED, "CARD_NOT_LOCKED", CardEvents.Detail.reason("PIN_RESET"));
        }
        return CardView.of(card);
    }

    private void checkPin(Card card, String pin) {
        Instant now = clock.instant();
        if (card.status == CardStatus.LOCKED) {
            throw ProblemException.conflict("CARD_LOCKED", "The card is locked after too many wrong PINs; "
                    + "the holder resets the PIN at an outlet with the card and ID");
        }
        requireStatus(card, CardStatus.ACTIVE, "CARD_NOT_ACTIVE");
        if (card.pinHash == null) {
            throw ProblemException.conflict("PIN_NOT_SET", "No PIN has been set for this card");
        }
        if (card.pinLastFailedAt != null && now.isBefore(card.pinLastFailedAt.plus(config.pinRetryDelay()))) {
            throw new ProblemException(429, "PIN_TRY_TOO_SOON", "Wait " + config.pinRetryDelay().toSeconds()
                    + " s after a wrong PIN before trying again");
        }
        if (pins.matches(pin == null ? "" : pin, card.pinHash)) {
            card.pinFailedAttempts = 0;
            card.pinLastFailedAt = null;
            return;
        }
        card.pinFailedAttempts++;
        card.pinLastFailedAt = now;
        registry.counter("sscard_pin_wrong_total").increment();
        int left = config.pinMaxAttempts() - card.pinFailedAttempts;
        if (left <= 0) {
            transition(card, CardStatus.LOCKED, EventTypes.CARD_LOCKED, "CARD_NOT_ACTIVE",
                    CardEvents.Detail.reason("TOO_MANY_WRONG_PINS"));
            throw ProblemException.unprocessable("PIN_INCORRECT", "Wrong PIN; the card is now locked");
        }
        throw ProblemException.unprocessable("PIN_INCORRECT", "Wrong PIN; " + left + " tries left before the card locks");
    }

    private void storePin(Card card, String pin) {
        PinRules.problem(pin, card.idNumber).ifPresent(p -> {
            throw ProblemException.unprocessable("PIN_NOT_ALLOWED", p);
        });
        card.pinHash = pins.hash(pin);
        card.pinSetAt = clock.instant();
        card.pinFailedAttempts = 0;
        card.pinLastFailedAt = null;
        events.publish(EventTypes.CARD_PIN_SET, card, card.status, CardEvents.Detail.NONE);
    }

    // ---------------------------------------------------------------- loss

    /** A temporary loss report (online by the holder, by phone at an outlet, or by the bank) that lifts itself. */
    public CardView reportTemporaryLoss(String cardNumber, Caller caller) {
        Card card = lookup.find(cardNumber, caller);
        String channel;
        if (lookup.isHolder(card, caller)) {
            channel = "ONLINE";
        } else if (caller.is(Roles.BANK)) {
            channel = "BANK";
        } else if (caller.is(Roles.OUTLET_CLERK)) {
            channel = "PHONE";
        } else {
            throw ProblemException.notFound("Card " + cardNumber);
        }
        Instant until = clock.instant().plus(java.time.Duration.ofDays(config.temporaryLossDays()));
        card.tempLossUntil = until;
        card.tempLossChannel = channel;
        transition(card, CardStatus.TEMP_LOST, EventTypes.CARD_REPORTED_LOST, "CARD_NOT_ACTIVE",
                new CardEvents.Detail("TEMPORARY", channel, until, null, null));
        return CardView.of(card);
    }

    public CardView liftTemporaryLoss(String cardNumber, Caller caller) {
        Card card = lookup.find(cardNumber, caller);
        requireHolderOrStaff(card, caller);
        requireStatus(card, CardStatus.TEMP_LOST, "CARD_NOT_TEMPORARILY_LOST");
        lift(card, lookup.isHolder(card, caller) ? "BY_HOLDER" : "AT_OUTLET");
        return CardView.of(card);
    }

    private void lift(Card card, String reason) {
        card.tempLossUntil = null;
        transition(card, CardStatus.ACTIVE, EventTypes.CARD_LOSS_LIFTED, "CARD_NOT_TEMPORARILY_LOST",
                CardEvents.Detail.reason(reason));
    }

    /** A formal loss report at a counter, with ID: irreversible; a replacement may follow. */
    public CardView reportFormalLoss(String cardNumber, String idNumber, Caller clerk) {
        Card card = lookup.find(cardNumber, clerk);
        requireHolderId(card, idNumber);
        card.lostAt = clock.instant();
        card.tempLossUntil = null;
        transition(card, CardStatus.LOST, EventTypes.CARD_REPORTED_LOST, "CARD_NOT_LOSABLE",
                new CardEvents.Detail("FORMAL", "OUTLET", null, null, null));
        return CardView.of(card);
    }

    // ---------------------------------------------------------------- replacement and exchange

    /** Orders a new card with a new number; returns it. LOST needs a formal loss first; exchanges need ACTIVE. */
    public CardView requestReplacement(String cardNumber, ReplacementReason reason, String idNumber, Caller clerk) {
        Card old = lookup.find(cardNumber, clerk);
        requireHolderId(old, idNumber);
        if (old.replacedByCardNumber != null) {
            throw ProblemException.conflict("REPLACEMENT_ALREADY_REQUESTED",
                    "A replacement card " + old.replacedByCardNumber + " is already on its way");
        }
        int fee = config.fees().getOrDefault(reason.name(), 0);
        if (reason == ReplacementReason.LOST) {
            requireStatus(old, CardStatus.LOST, "CARD_NOT_LOST");
        } else {
            requireStatus(old, CardStatus.ACTIVE, "CARD_NOT_ACTIVE");
            if (reason == ReplacementReason.EXPIRING && old.expiryDate != null
                    && today().isBefore(old.expiryDate.minusDays(config.expiryNoticeDays()))) {
                throw ProblemException.unprocessable("TOO_EARLY_FOR_EXPIRY_EXCHANGE", "An exchange for expiry is possible from "
                        + old.expiryDate.minusDays(config.expiryNoticeDays()));
            }
        }
        Card replacement = production.produceReplacement(old, reason.name(), fee);
        old.replacedByCardNumber = replacement.cardNumber;
        CardEvents.Detail detail = new CardEvents.Detail(reason.name(), null, null, replacement.cardNumber, fee);
        if (reason == ReplacementReason.LOST) {
            events.publish(EventTypes.CARD_REPLACEMENT_REQUESTED, old, old.status, detail);
        } else {
            transition(old, CardStatus.EXCHANGE_PENDING, EventTypes.CARD_REPLACEMENT_REQUESTED, "CARD_NOT_ACTIVE", detail);
        }
        registry.counter("sscard_cards_replacements_total", "reason", reason.name()).increment();
        return CardView.of(replacement);
    }

    // ---------------------------------------------------------------- cancellation and expiry

    /** Cancels the social security side; the bank account is closed afterwards and reported by the bank. */
    public CardView cancel(String cardNumber, CancellationReason reason, Caller caller) {
        Card card = lookup.find(cardNumber, caller);
        card.cancelledAt = clock.instant();
        card.cancellationReason = reason.name();
        transition(card, CardStatus.CANCELLED, EventTypes.CARD_CANCELLED, "CARD_NOT_CANCELLABLE",
                CardEvents.Detail.reason(reason.name()));
        return CardView.of(card);
    }

    public CardView bankCancelled(String cardNumber, Caller bank) {
        Card card = lookup.find(cardNumber, bank);
        requireStatus(card, CardStatus.CANCELLED, "SOCIAL_SECURITY_NOT_CANCELLED");
        if (card.bankCancelledAt != null) {
            throw ProblemException.conflict("BANK_ALREADY_CANCELLED", "The bank account is already closed");
        }
        card.bankCancelledAt = clock.instant();
        return CardView.of(card);
    }

    /** Housekeeping: temporary losses that have run out lift themselves. */
    public int liftExpiredLosses() {
        List<Card> due = cards.tempLostUntil(clock.instant());
        due.forEach(c -> lift(c, "EXPIRED"));
        return due.size();
    }

    /** Housekeeping: holders are told before expiry; cards past their expiry date become EXPIRED. */
    public int expireCards() {
        LocalDate today = today();
        for (Card c : cards.expiringBy(today.plusDays(config.expiryNoticeDays()), false)) {
            c.expiryNoticeAt = clock.instant();
            events.publish(EventTypes.CARD_EXPIRING, c, c.status,
                    new CardEvents.Detail(null, null, c.expiryDate.atStartOfDay().toInstant(ZoneOffset.UTC), null, null));
        }
        List<Card> expired = cards.expiredBy(today);
        expired.forEach(c -> transition(c, CardStatus.EXPIRED, EventTypes.CARD_EXPIRED, "CARD_NOT_ACTIVE", CardEvents.Detail.NONE));
        return expired.size();
    }

    /** Housekeeping: cards not collected within the deadline are flagged for operators. */
    public int flagUncollected() {
        Instant now = clock.instant();
        List<Card> overdue = cards.uncollectedSince(now.minus(config.collectionDeadline()));
        for (Card c : overdue) {
            c.collectionOverdueAt = now;
            events.publish(EventTypes.CARD_COLLECTION_OVERDUE, c, c.status, CardEvents.Detail.NONE);
        }
        registry.counter("sscard_cards_collection_overdue_total").increment(overdue.size());
        return overdue.size();
    }

    /** Housekeeping: nonces of face-check verdicts are kept well past the verdicts' lifetime, then forgotten. */
    public int forgetFaceCheckNonces() {
        return ecards.forgetFaceCheckNonces(clock.instant().minus(faceConfig.nonceRetention()));
    }

    // ---------------------------------------------------------------- the electronic card

    /**
     * Issues the electronic card on a signed verdict of the face-verification provider that the holder passed the
     * real-name and face check: genuine, fresh, about this card's holder, and never used before.
     */
    public ElectronicCardView issueElectronicCard(String cardNumber, String faceVerification, Caller holder) {
        Card card = holderCard(cardNumber, holder);
        FaceVerifier.Verdict verdict;
        try {
            verdict = faces.verify(faceVerification, card.idNumber);
        } catch (FaceVerifier.FaceCheckRefused e) {
            throw ProblemException.unprocessable(e.code(), e.getMessage());
        }
        Instant now = clock.instant();
        // a verdict is used once; when the request is refused further down, the rollback gives it back
        if (!ecards.useFaceCheckNonce(verdict.nonce(), card.cardNumber, now)) {
            throw ProblemException.unprocessable("FACE_CHECK_REPLAYED", "This face check has been used already; run it again");
        }
        requireStatus(card, CardStatus.ACTIVE, "CARD_NOT_ACTIVE");
        if (ecards.liveFor(card.cardNumber).isPresent()) {
            throw ProblemException.conflict("ELECTRONIC_CARD_EXISTS", "This card already has an electronic card");
        }
        ElectronicCard e = new ElectronicCard();
        e.id = UUID.randomUUID();
        e.cardNumber = card.cardNumber;
        e.applicantId = card.applicantId;
        e.status = ElectronicCardStatus.ACTIVE;
        e.faceCheckRef = verdict.checkId();
        e.issuedAt = now;
        e.updatedAt = now;
        ecards.persist(e);
        events.publish(EventTypes.ELECTRONIC_CARD_ISSUED, card, card.status, CardEvents.Detail.NONE);
        return ElectronicCardView.of(e);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ElectronicCardView electronicCard(String cardNumber, Caller caller) {
        Card card = lookup.find(cardNumber, caller);
        return ecards.latestFor(card.cardNumber).map(ElectronicCardView::of)
                .orElseThrow(() -> ProblemException.notFound("Electronic card of " + cardNumber));
    }

    /** A short-lived signed token for the holder's QR code. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public QrVerification.Token qrToken(String cardNumber, Caller holder) {
        Card card = holderCard(cardNumber, holder);
        ElectronicCard e = ecards.liveFor(card.cardNumber)
                .orElseThrow(() -> ProblemException.notFound("Electronic card of " + cardNumber));
        if (e.status != ElectronicCardStatus.ACTIVE) {
            throw ProblemException.conflict("ELECTRONIC_CARD_NOT_ACTIVE", "The electronic card is " + e.status);
        }
        Instant expires = clock.instant().plus(config.ecardQrTtl());
        return new QrVerification.Token(qr.sign(new QrTokens.Claims(e.id, e.cardNumber, expires)), expires);
    }

    /** What an outlet or partner learns from a scanned QR code. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public QrVerification.Result verifyQr(String token) {
        QrTokens.Claims claims = qr.read(token).orElseThrow(() ->
                ProblemException.unprocessable("QR_TOKEN_INVALID", "The QR code is not a valid electronic card code"));
        if (!clock.instant().isBefore(claims.expiresAt())) {
            throw ProblemException.unprocessable("QR_TOKEN_EXPIRED", "The QR code has expired; refresh it");
        }
        ElectronicCard e = ecards.findByIdOptional(claims.electronicCardId())
                .filter(x -> x.cardNumber.equals(claims.cardNumber()))
                .orElseThrow(() -> ProblemException.unprocessable("QR_TOKEN_INVALID",
                        "The QR code belongs to a card that has been replaced; refresh it"));
        if (e.status != ElectronicCardStatus.ACTIVE) {
            throw ProblemException.conflict("ELECTRONIC_CARD_NOT_ACTIVE", "The electronic card is " + e.status);
        }
        Card card = cards.findById(e.cardNumber);
        return new QrVerification.Result(true, maskCard(card.cardNumber), maskName(card.name), card.regionCode,
                e.status.name(), claims.expiresAt());
    }

    // ---------------------------------------------------------------- the one place state changes

    private void transition(Card card, CardStatus next, String eventType, String conflictCode, CardEvents.Detail d) {
        CardStatus previous = card.status;
        card.moveTo(next, conflictCode, clock.instant());
        events.publish(eventType, card, previous, d);
        follow(card);
        cards.flush(); // a concurrent change to the card surfaces here as a 409, not at commit as a 500
    }

    /** The electronic card mirrors its physical card. */
    private void follow(Card card) {
        ecards.liveFor(card.cardNumber).ifPresent(e -> {
            ElectronicCardStatus target = ElectronicCardStatus.following(card.status);
            if (target == e.status) {
                return;
            }
            e.status = target;
            e.updatedAt = clock.instant();
            String type = switch (target) {
                case ACTIVE -> EventTypes.ELECTRONIC_CARD_RESUMED;
                case SUSPENDED -> EventTypes.ELECTRONIC_CARD_SUSPENDED;
                case REVOKED -> EventTypes.ELECTRONIC_CARD_REVOKED;
            };
            events.publish(type, card, card.status, CardEvents.Detail.reason(card.status.name()));
        });
    }

    // ---------------------------------------------------------------- helpers

    private Card holderCard(String cardNumber, Caller caller) {
        return requireHolder(lookup.find(cardNumber, caller), caller);
    }

    private Card requireHolder(Card card, Caller caller) {
        if (!lookup.isHolder(card, caller)) {
            throw ProblemException.notFound("Card " + card.cardNumber);
        }
        return card;
    }

    private void requireHolderOrStaff(Card card, Caller caller) {
        if (!lookup.isHolder(card, caller) && !caller.is(Roles.OUTLET_CLERK) && !caller.is(Roles.ADMIN)) {
            throw ProblemException.notFound("Card " + card.cardNumber);
        }
    }

    private static void requireHolderId(Card card, String idNumber) {
        if (idNumber == null || !card.idNumber.equals(idNumber.trim())) {
            throw ProblemException.unprocessable("ID_NUMBER_MISMATCH", "The ID number shown does not match the card holder's");
        }
    }

    private static void requireStatus(Card card, CardStatus wanted, String code) {
        if (card.status != wanted) {
            throw ProblemException.conflict(code, "The card is " + card.status + "; this needs it " + wanted);
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static String maskCard(String n) {
        return n.substring(0, 2) + "*****" + n.substring(7);
    }

    static String maskName(String name) {
        return name.isEmpty() ? name : name.substring(0, 1) + "*".repeat(Math.max(1, name.length() - 1));
    }
}
