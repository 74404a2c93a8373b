package org.sscard.cardproduction.service;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.sscard.cardproduction.domain.BatchStatus;
import org.sscard.cardproduction.domain.Card;
import org.sscard.cardproduction.domain.CardStatus;
import org.sscard.cardproduction.repository.BatchRepository;
import org.sscard.cardproduction.repository.CardRepository;
import org.sscard.cardproduction.rest.BatchView;
import org.sscard.cardproduction.rest.CardView;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.events.Topics;
import org.sscard.platform.id.CitizenIdNumber;
import org.sscard.platform.outbox.OutboxWriter;
import org.sscard.platform.rest.ProblemException;
import org.sscard.platform.security.Caller;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Cards at the counter: looking them up and handing them over. */
@ApplicationScoped
@Transactional
public class CardService {
    private final CardRepository cards;
    private final BatchRepository batches;
    private final OutboxWriter outbox;
    private final Clock clock;
    private final MeterRegistry registry;

    public CardService(CardRepository cards, BatchRepository batches, OutboxWriter outbox, Clock clock,
                       MeterRegistry registry) {
        this.cards = cards;
        this.batches = batches;
        this.outbox = outbox;
        this.clock = clock;
        this.registry = registry;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public CardView get(String cardNumber, Caller caller) {
        return CardView.of(find(cardNumber, caller));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<CardView> byApplication(UUID applicationId, Caller caller) {
        return cards.findByApplication(applicationId).filter(c -> canSee(c, caller)).map(CardView::of).stream().toList();
    }

    /** The outlet clerk hands the card over after checking the ID shown at the counter. */
    public CardView collect(String cardNumber, String idNumberShown, Caller clerk) {
        Card card = find(cardNumber, clerk);
        Instant now = clock.instant();
        if (card.status != CardStatus.READY_FOR_COLLECTION) {
            throw new ProblemException(409, "CARD_NOT_READY_FOR_COLLECTION",
                    "The card is " + card.status + "; only a card READY_FOR_COLLECTION can be handed over");
        }
        if (!card.idNumber.equals(idNumberShown.trim())) {
            registry.counter("sscard_cards_collection_refused_total").increment();
            throw ProblemException.unprocessable("ID_NUMBER_MISMATCH",
                    "The ID number shown does not match the card holder's");
        }
        card.moveTo(CardStatus.ISSUED_SEALED, "CARD_NOT_READY_FOR_COLLECTION", now);
        card.collectedAt = now;
        card.collectedBy = clerk.subject();
        String app = card.applicationId.toString();
        outbox.publish(Topics.CARDS, EventTypes.CARD_COLLECTED, app, new Payloads.CardCollected(app, card.cardNumber,
                card.applicantId, CitizenIdNumber.mask(card.idNumber), card.outletCode, clerk.subject()));
        registry.counter("sscard_cards_collected_total").increment();
        return CardView.of(card);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<BatchView> batches(BatchStatus status, int size) {
        return batches.recent(status, size).stream().map(BatchView::of).toList();
    }

    private Card find(String cardNumber, Caller caller) {
        return Optional.ofNullable(cardNumber).flatMap(cards::findByIdOptional)
                .filter(c -> canSee(c, caller))
                .orElseThrow(() -> ProblemException.notFound("Card " + cardNumber));
    }

    private static boolean canSee(Card card, Caller caller) {
        return caller.isStaff() || caller.subject().equals(card.applicantId);
    }
}
