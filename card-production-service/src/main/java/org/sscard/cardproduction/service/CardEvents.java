package org.sscard.cardproduction.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.cardproduction.domain.Card;
import org.sscard.cardproduction.domain.CardStatus;
import org.sscard.cardproduction.domain.PrintBatch;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.platform.id.CitizenIdNumber;
import org.sscard.platform.outbox.OutboxWriter;

import java.time.Instant;

/**
 * The one publisher of card events: every change in a card's life is announced here, through the outbox, on the
 * card's lane of sscard.cards and keyed by its application, so all events of one application stay in order.
 */
@ApplicationScoped
public class CardEvents {
    private final OutboxWriter outbox;

    public CardEvents(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    /** What an event says besides the card; {@code atOutlet} is the outlet of the clerk who made the change. */
    public record Detail(String reason, String channel, Instant until, String relatedCardNumber, Integer fee,
                         String atOutlet) {
        public static final Detail NONE = new Detail(null, null, null, null, null);

        public Detail(String reason, String channel, Instant until, String relatedCardNumber, Integer fee) {
            this(reason, channel, until, relatedCardNumber, fee, null);
        }

        public static Detail reason(String reason) {
            return new Detail(reason, null, null, null, null);
        }

        /** The same, made by a clerk of {@code outlet} (none when {@code outlet} is null). */
        public Detail at(String outlet) {
            return new Detail(reason, channel, until, relatedCardNumber, fee, outlet);
        }
    }

    public void publish(String type, Card card, CardStatus previous, Detail d) {
        String app = card.applicationId.toString();
        outbox.publish(card.topic(), type, app, new Payloads.CardLifecycle(app, card.cardNumber, card.applicantId,
                CitizenIdNumber.mask(card.idNumber), card.outletCode, previous == null ? null : previous.name(),
                card.status.name(), d.reason(), d.channel(), d.until() == null ? null : d.until().toString(),
                d.relatedCardNumber(), d.fee(), d.atOutlet()));
    }

    public void productionStarted(Card card, PrintBatch batch) {
        String app = card.applicationId.toString();
        outbox.publish(card.topic(), EventTypes.CARD_PRODUCTION_STARTED, app, new Payloads.CardProductionStarted(app,
                card.cardNumber, card.applicantId, CitizenIdNumber.mask(card.idNumber), card.outletCode, batch.id.toString()));
    }

    public void printed(Card card, PrintBatch batch) {
        String app = card.applicationId.toString();
        outbox.publish(card.topic(), EventTypes.CARD_PRINTED, app, new Payloads.CardPrinted(app, card.cardNumber,
                card.applicantId, CitizenIdNumber.mask(card.idNumber), batch.id.toString()));
    }

    public void readyForCollection(Card card) {
        String app = card.applicationId.toString();
        outbox.publish(card.topic(), EventTypes.CARD_READY_FOR_COLLECTION, app, new Payloads.CardReadyForCollection(app,
                card.cardNumber, card.applicantId, CitizenIdNumber.mask(card.idNumber), card.outletCode));
    }

    public void collected(Card card) {
        String app = card.applicationId.toString();
        outbox.publish(card.topic(), EventTypes.CARD_COLLECTED, app, new Payloads.CardCollected(app, card.cardNumber,
                card.applicantId, CitizenIdNumber.mask(card.idNumber), card.outletCode, card.collectedBy));
    }
}
