package org.sscard.cardproduction.service;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.sscard.cardproduction.config.CardConfig;
import org.sscard.cardproduction.config.FaceCheckConfig;
import org.sscard.cardproduction.domain.CancellationReason;
import org.sscard.cardproduction.domain.Card;
import org.sscard.cardproduction.domain.CardStatus;
import org.sscard.cardproduction.domain.CollectionPolicy;
import org.sscard.cardproduction.domain.ElectronicCard;
import org.sscard.cardproduction.domain.ElectronicCardStatus;
import org.sscard.cardproduction.domain.Handover;
import org.sscard.cardproduction.domain.ReplacementReason;
import org.sscard.cardproduction.repository.CardRepository;
import org.sscard.cardproduction.repository.ElectronicCardRepository;
import org.sscard.cardproduction.security.FaceVerifier;
import org.sscard.cardproduction.security.PinHasher;
import org.sscard.cardproduction.security.QrTokens;
import org.sscard.events.EventTypes;
import org.sscard.platform.id.CitizenIdNumber;
import org.sscard.platform.problem.DomainException;
import org.sscard.platform.security.Caller;
import org.sscard.platform.security.Roles;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The card's life from the counter on: collection, activation, PIN, loss, replacement and exchange, cancellation,
 * expiry and the electronic card. The rules live in {@link Card}; each method here loads the card for the caller,
 * calls the card, and {@link #announce announces} the change, which makes the electronic card follow.
 */
@ApplicationScoped
@Transactional
public class CardLifecycleService {
    private final CardService lookup;
    private final CardRepository cards;
    private final ElectronicCardRepository ecards;
    private final ProductionService production;
    private final CardEvents events;
    private final PinHasher pins;
    private final QrTokens qr;
    private final FaceVerifier faces;
    private final FaceCheckConfig faceConfig;
    private final CardConfig config;
    private final Clock clock;
    private final MeterRegistry registry;

    public CardLifecycleService(CardService lookup, CardRepository cards, ElectronicCardRepository ecards,
                                ProductionService production, CardEvents events, PinHasher pins, QrTokens qr,
                                FaceVerifier faces, FaceCheckConfig faceConfig, CardConfig config, Clock clock,
                                MeterRegistry registry) {
        this.lookup = lookup;
        this.cards = cards;
        this.ecards = ecards;
        this.production = production;
        this.events = events;
        this.pins = pins;
        this.qr = qr;
        this.faces = faces;
        this.faceConfig = faceConfig;
        this.config = config;
        this.clock = clock;
        this.registry = registry;
    }

    /** A short-lived signed token for the holder's QR code. */
    public record QrToken(String token, Instant expiresAt) {
    }

    /** A scanned QR code that checked out: the electronic card and its physical card. */
    public record QrCheck(ElectronicCard electronicCard, Card card, Instant tokenExpiresAt) {
    }

    // ---------------------------------------------------------------- collection

    /**
     * The card is handed over to the holder, a proxy or the employer, by a clerk of the outlet where it waits; a
     * replacement supersedes the old card.
     */
    public Card collect(String cardNumber, Handover handover, Caller clerk) {
        handover.requireIdNumber(); // a request without it is invalid, whatever card it names
        Card card = lookup.find(cardNumber, clerk);
        lookup.counterHolding(card, clerk);
        card.collect(handover, clerk.subject(), id -> CitizenIdNumber.isValid(id, clock), clock.instant());
        events.collected(card);
        registry.counter("sscard_cards_collected_total", "mode", handover.mode().name()).increment();
        if (card.replacesCardNumber != null) {
            supersede(cards.findById(card.replacesCardNumber), card);
        }
        cards.flush(); // a concurrent change to the card surfaces here as a 409, not at commit as a 500
        return card;
    }

    private void supersede(Card old, Card replacement) {
        // the electronic card moves to the replacement first, so superseding the old card does not revoke it
        ecards.liveFor(old.cardNumber).ifPresent(e -> {
            e.relinkTo(replacement.cardNumber, clock.instant());
            events.publish(EventTypes.ELECTRONIC_CARD_RELINKED, replacement, replacement.status,
                    new CardEvents.Detail(null, null, null, old.cardNumber, null));
        });
        CardStatus before = old.status;
        old.supersede(clock.instant());
        announce(old, before, EventTypes.CARD_SUPERSEDED,
                new CardEvents.Detail(replacement.replacementReason, null, null, replacement.cardNumber, null));
        follow(replacement);
    }

    // ---------------------------------------------------------------- activation

    /** The social security function is enabled online by the holder or at an outlet by a clerk. */
    public Card activate(String cardNumber, Caller caller) {
        Card card = lookup.find(cardNumber, caller);
        requireHolderOrStaff(card, caller);
        boolean holder = lookup.isHolder(card, caller);
        String at = holder ? null : lookup.counter(caller);
        String channel = holder ? "ONLINE" : "OUTLET";
        CardStatus before = card.status;
        card.activate(channel, clock.instant());
        announce(card, before, EventTypes.CARD_ACTIVATED, new CardEvents.Detail(null, channel, null, null, null).at(at));
        return card;
    }

    /** The cooperative bank reports that it activated the financial function. */
    public Card bankActivated(String cardNumber, String bankName, Caller bank) {
        Card card = lookup.find(cardNumber, bank);
        card.bankActivated(bankName, clock.instant());
        events.publish(EventTypes.CARD_BANK_ACTIVATED, card, card.status, new CardEvents.Detail(null, "BANK", null, null, null));
        return card;
    }

    // ---------------------------------------------------------------- PIN

    public void setPin(String cardNumber, String pin, Caller holder) {
        Card card = holderCard(cardNumber, holder);
        card.setFirstPin(pin, pins, clock.instant());
        events.publish(EventTypes.CARD_PIN_SET, card, card.status, CardEvents.Detail.NONE);
    }

    /** A wrong old PIN counts as a wrong try and is committed, not rolled back. */
    @Transactional(dontRollbackOn = DomainException.class)
    public void changePin(String cardNumber, String oldPin, String newPin, Caller holder) {
        Card card = requireHolder(lookup.findLocked(cardNumber, holder), holder);
        checkPin(card, oldPin);
        card.storePin(newPin, pins, clock.instant());
        events.publish(EventTypes.CARD_PIN_SET, card, card.status, CardEvents.Detail.NONE);
    }

    /** Checks a PIN; wrong tries are counted (and committed) and lock the card at the configured limit. */
    @Transactional(dontRollbackOn = DomainException.class)
    public void verifyPin(String cardNumber, String pin, Caller caller) {
        checkPin(lookup.findLocked(cardNumber, caller), pin);
    }

    /**
     * At an outlet with card and ID: a new PIN, the counter cleared and a lock lifted. Any outlet resets any card's
     * PIN (the holder brings the card), and the events name the outlet.
     */
    public Card resetPin(String cardNumber, String idNumber, String newPin, Caller clerk) {
        Card card = lookup.find(cardNumber, clerk);
        String at = lookup.counter(clerk);
        card.requireHolderId(idNumber);
        card.resetPin(newPin, pins, clock.instant());
        events.publish(EventTypes.CARD_PIN_SET, card, card.status, CardEvents.Detail.reason("RESET").at(at));
        if (card.status == CardStatus.LOCKED) {
            card.unlock(clock.instant());
            announce(card, CardStatus.LOCKED, EventTypes.CARD_UNLOCKED, CardEvents.Detail.reason("PIN_RESET").at(at));
        }
        return card;
    }

    private void checkPin(Card card, String pin) {
        Card.PinTry result = card.tryPin(pin, pins, config.pinMaxAttempts(), config.pinRetryDelay(), clock.instant());
        switch (result) {
            case RIGHT -> {
                return;
            }
            case WRONG_AND_LOCKED -> {
                registry.counter("sscard_pin_wrong_total").increment();
                announce(card, CardStatus.ACTIVE, EventTypes.CARD_LOCKED, CardEvents.Detail.reason("TOO_MANY_WRONG_PINS"));
                throw DomainException.breaksRule("PIN_INCORRECT", "Wrong PIN; the card is now locked");
            }
            case WRONG -> {
                registry.counter("sscard_pin_wrong_total").increment();
                throw DomainException.breaksRule("PIN_INCORRECT", "Wrong PIN; "
                        + card.pinTriesLeft(config.pinMaxAttempts()) + " tries left before the card locks");
            }
        }
    }

    // ---------------------------------------------------------------- loss

    /** A temporary loss report (online by the holder, by phone at an outlet, or by the bank) that lifts itself. */
    public Card reportTemporaryLoss(String cardNumber, Caller caller) {
        Card card = lookup.find(cardNumber, caller);
        String channel;
        String at = null;
        if (lookup.isHolder(card, caller)) {
            channel = "ONLINE";
        } else if (caller.is(Roles.BANK)) {
            channel = "BANK";
        } else if (caller.is(Roles.OUTLET_CLERK)) {
            channel = "PHONE";
            at = lookup.counter(caller);
        } else {
            throw DomainException.notFound("Card " + cardNumber);
        }
        Instant until = clock.instant().plus(Duration.ofDays(config.temporaryLossDays()));
        CardStatus before = card.status;
        card.reportTemporaryLoss(channel, until, clock.instant());
        announce(card, before, EventTypes.CARD_REPORTED_LOST,
                new CardEvents.Detail("TEMPORARY", channel, until, null, null).at(at));
        return card;
    }

    public Card liftTemporaryLoss(String cardNumber, Caller caller) {
        Card card = lookup.find(cardNumber, caller);
        requireHolderOrStaff(card, caller);
        boolean holder = lookup.isHolder(card, caller);
        lift(card, holder ? "BY_HOLDER" : "AT_OUTLET", holder ? null : lookup.counter(caller));
        return card;
    }

    private void lift(Card card, String reason, String at) {
        CardStatus before = card.status;
        card.liftTemporaryLoss(clock.instant());
        announce(card, before, EventTypes.CARD_LOSS_LIFTED, CardEvents.Detail.reason(reason).at(at));
    }

    /** A formal loss report at a counter, with ID: irreversible; a replacement may follow. */
    public Card reportFormalLoss(String cardNumber, String idNumber, Caller clerk) {
        Card card = lookup.find(cardNumber, clerk);
        String at = lookup.counter(clerk);
        CardStatus before = card.status;
        card.reportFormalLoss(idNumber, clock.instant());
        announce(card, before, EventTypes.CARD_REPORTED_LOST,
                new CardEvents.Detail("FORMAL", "OUTLET", null, null, null).at(at));
        return card;
    }

    // ---------------------------------------------------------------- replacement and exchange

    /**
     * Orders a new card with a new number, to be collected at the outlet of the clerk who took the request; returns
     * it. LOST needs a formal loss first; exchanges need ACTIVE.
     */
    public Card requestReplacement(String cardNumber, ReplacementReason reason, String idNumber, Caller clerk) {
        Card old = lookup.find(cardNumber, clerk);
        String at = lookup.counter(clerk);
        old.checkReplaceable(reason, idNumber, today(), config.expiryNoticeDays());
        int fee = config.fees().getOrDefault(reason.name(), 0);
        Card replacement = production.produceReplacement(old, reason.name(), fee, at == null ? old.outletCode : at);
        CardStatus before = old.status;
        old.replacementOrdered(reason, replacement.cardNumber, clock.instant());
        CardEvents.Detail detail = new CardEvents.Detail(reason.name(), null, null, replacement.cardNumber, fee).at(at);
        if (old.status == before) {
            events.publish(EventTypes.CARD_REPLACEMENT_REQUESTED, old, before, detail);
        } else {
            announce(old, before, EventTypes.CARD_REPLACEMENT_REQUESTED, detail);
        }
        registry.counter("sscard_cards_replacements_total", "reason", reason.name()).increment();
        return replacement;
    }

    // ---------------------------------------------------------------- cancellation and expiry

    /** Cancels the social security side; the bank account is closed afterwards and reported by the bank. */
    public Card cancel(String cardNumber, CancellationReason reason, Caller caller) {
        Card card = lookup.find(cardNumber, caller);
        String at = lookup.counter(caller);
        CardStatus before = card.status;
        card.cancel(reason, clock.instant());
        announce(card, before, EventTypes.CARD_CANCELLED, CardEvents.Detail.reason(reason.name()).at(at));
        return card;
    }

    public Card bankCancelled(String cardNumber, Caller bank) {
        Card card = lookup.find(cardNumber, bank);
        card.bankCancelled(clock.instant());
        return card;
    }

    /** Housekeeping: temporary losses that have run out lift themselves. */
    public int liftExpiredLosses() {
        List<Card> due = cards.tempLostUntil(clock.instant());
        due.forEach(c -> lift(c, "EXPIRED", null));
        return due.size();
    }

    /** Housekeeping: holders are told before expiry; cards past their expiry date become EXPIRED. */
    public int expireCards() {
        LocalDate today = today();
        for (Card c : cards.expiringBy(today.plusDays(config.expiryNoticeDays()), false)) {
            c.expiryNoticed(clock.instant());
            events.publish(EventTypes.CARD_EXPIRING, c, c.status,
                    new CardEvents.Detail(null, null, c.expiryDate.atStartOfDay().toInstant(ZoneOffset.UTC), null, null));
        }
        List<Card> expired = cards.expiredBy(today);
        for (Card c : expired) {
            CardStatus before = c.status;
            c.expire(clock.instant());
            announce(c, before, EventTypes.CARD_EXPIRED, CardEvents.Detail.NONE);
        }
        return expired.size();
    }

    /** Housekeeping: cards not collected within the deadline are flagged for operators. */
    public int flagUncollected() {
        Instant now = clock.instant();
        List<Card> overdue = cards.uncollectedSince(now.minus(config.collectionDeadline()));
        for (Card c : overdue) {
            c.flagUncollected(now);
            events.publish(EventTypes.CARD_COLLECTION_OVERDUE, c, c.status, CardEvents.Detail.NONE);
        }
        registry.counter("sscard_cards_collection_overdue_total").increment(overdue.size());
        return overdue.size();
    }

    /**
     * Housekeeping: the holder of a card waiting at its outlet is reminded every collection-reminder-every; a card
     * waiting longer than collection-return-after goes back to the issuing centre. At most {@code limit} cards a run.
     */
    public int remindOrReturnUncollected(int limit) {
        Instant now = clock.instant();
        CollectionPolicy policy = config.collectionPolicy();
        List<Card> due = cards.collectionDue(now, limit);
        for (Card c : due) {
            if (policy.dueForReturn(c.readyAt, now)) {
                c.returnUncollected(now);
                announce(c, CardStatus.READY_FOR_COLLECTION, EventTypes.CARD_RETURNED, CardEvents.Detail.reason("UNCOLLECTED"));
                registry.counter("sscard_cards_returned_total").increment();
            } else {
                c.remindedToCollect(now, policy);
                events.publish(EventTypes.CARD_COLLECTION_REMINDER, c, c.status, new CardEvents.Detail(
                        "REMINDER_" + c.collectionReminders, null, policy.returnAt(c.readyAt), null, null));
                registry.counter("sscard_cards_collection_reminders_total").increment();
            }
        }
        return due.size();
    }

    /**
     * A card returned to the issuing centre is sent to its outlet again, at the holder's request (or an
     * administrator's); it waits there afresh and the holder is told it is ready.
     */
    public Card redispatch(String cardNumber, Caller caller) {
        Card card = lookup.find(cardNumber, caller);
        if (!lookup.isHolder(card, caller) && !caller.is(Roles.ADMIN)) {
            throw DomainException.notFound("Card " + cardNumber);
        }
        card.redispatch(clock.instant(), config.collectionPolicy());
        events.publish(EventTypes.CARD_DISPATCHED, card, CardStatus.RETURNED, CardEvents.Detail.reason("REDISPATCHED"));
        events.readyForCollection(card);
        cards.flush();
        return card;
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
    public ElectronicCard issueElectronicCard(String cardNumber, String faceVerification, Caller holder) {
        Card card = holderCard(cardNumber, holder);
        FaceVerifier.Verdict verdict;
        try {
            verdict = faces.verify(faceVerification, card.idNumber);
        } catch (FaceVerifier.FaceCheckRefused e) {
            throw DomainException.breaksRule(e.code(), e.getMessage());
        }
        Instant now = clock.instant();
        // a verdict is used once; when the request is refused further down, the rollback gives it back
        if (!ecards.useFaceCheckNonce(verdict.nonce(), card.cardNumber, now)) {
            throw DomainException.breaksRule("FACE_CHECK_REPLAYED", "This face check has been used already; run it again");
        }
        card.require(CardStatus.ACTIVE, "CARD_NOT_ACTIVE");
        if (ecards.liveFor(card.cardNumber).isPresent()) {
            throw DomainException.conflict("ELECTRONIC_CARD_EXISTS", "This card already has an electronic card");
        }
        ElectronicCard e = ElectronicCard.issue(UUID.randomUUID(), card, verdict.checkId(), now);
        ecards.persist(e);
        events.publish(EventTypes.ELECTRONIC_CARD_ISSUED, card, card.status, CardEvents.Detail.NONE);
        return e;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ElectronicCard electronicCard(String cardNumber, Caller caller) {
        Card card = lookup.find(cardNumber, caller);
        return ecards.latestFor(card.cardNumber)
                .orElseThrow(() -> DomainException.notFound("Electronic card of " + cardNumber));
    }

    /** A short-lived signed token for the holder's QR code. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public QrToken qrToken(String cardNumber, Caller holder) {
        Card card = holderCard(cardNumber, holder);
        ElectronicCard e = ecards.liveFor(card.cardNumber)
                .orElseThrow(() -> DomainException.notFound("Electronic card of " + cardNumber));
        e.requireActive();
        Instant expires = clock.instant().plus(config.ecardQrTtl());
        return new QrToken(qr.sign(new QrTokens.Claims(e.id, e.cardNumber, expires)), expires);
    }

    /** What an outlet or partner learns from a scanned QR code. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public QrCheck verifyQr(String token) {
        QrTokens.Claims claims = qr.read(token).orElseThrow(() ->
                DomainException.breaksRule("QR_TOKEN_INVALID", "The QR code is not a valid electronic card code"));
        if (!clock.instant().isBefore(claims.expiresAt())) {
            throw DomainException.breaksRule("QR_TOKEN_EXPIRED", "The QR code has expired; refresh it");
        }
        ElectronicCard e = ecards.findByIdOptional(claims.electronicCardId())
                .filter(x -> x.cardNumber.equals(claims.cardNumber()))
                .orElseThrow(() -> DomainException.breaksRule("QR_TOKEN_INVALID",
                        "The QR code belongs to a card that has been replaced; refresh it"));
        e.requireActive();
        return new QrCheck(e, cards.findById(e.cardNumber), claims.expiresAt());
    }

    // ---------------------------------------------------------------- announcing a change

    /** Announces a change of state that the card made, makes the electronic card follow, and flushes. */
    private void announce(Card card, CardStatus previous, String eventType, CardEvents.Detail d) {
        events.publish(eventType, card, previous, d);
        follow(card);
        cards.flush(); // a concurrent change to the card surfaces here as a 409, not at commit as a 500
    }

    /** The electronic card mirrors its physical card. */
    private void follow(Card card) {
        ecards.liveFor(card.cardNumber).ifPresent(e -> e.follow(card.status, clock.instant()).ifPresent(target -> {
            String type = switch (target) {
                case ACTIVE -> EventTypes.ELECTRONIC_CARD_RESUMED;
                case SUSPENDED -> EventTypes.ELECTRONIC_CARD_SUSPENDED;
                case REVOKED -> EventTypes.ELECTRONIC_CARD_REVOKED;
            };
            events.publish(type, card, card.status, CardEvents.Detail.reason(card.status.name()));
        }));
    }

    // ---------------------------------------------------------------- who may

    private Card holderCard(String cardNumber, Caller caller) {
        return requireHolder(lookup.find(cardNumber, caller), caller);
    }

    private Card requireHolder(Card card, Caller caller) {
        if (!lookup.isHolder(card, caller)) {
            throw DomainException.notFound("Card " + card.cardNumber);
        }
        return card;
    }

    private void requireHolderOrStaff(Card card, Caller caller) {
        if (!lookup.isHolder(card, caller) && !caller.is(Roles.OUTLET_CLERK) && !caller.is(Roles.ADMIN)) {
            throw DomainException.notFound("Card " + card.cardNumber);
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
