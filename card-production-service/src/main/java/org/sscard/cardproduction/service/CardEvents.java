package org.sscard.cardproduction.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.cardproduction.domain.Card;
import org.sscard.cardproduction.domain.CardStatus;
import org.sscard.events.Payloads;
import org.sscard.platform.id.CitizenIdNumber;
import org.sscard.platform.outbox.OutboxWriter;

import java.time.Instant;

/** Announces a change in a card's life through the outbox, keyed by the card's application. */
@ApplicationScoped
public class CardEvents {
    private final OutboxWriter outbox;

    public CardEvents(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    public record Detail(String reason, String channel, Instant until, String relatedCardNumber, Integer fee) {
        public static final Detail NONE = new Detail(null, null, null, null, null);

        public static Detail reason(String reason) {
            return new Detail(reason, null, null, null, null);
        }
    }

    public void publish(String type, Card card, CardStatus previous, Detail d) {
        String app = card.applicationId.toString();
        outbox.publish(card.topic(), type, app, new Payloads.CardLifecycle(app, card.cardNumber, card.applicantId,
                CitizenIdNumber.mask(card.idNumber), card.outletCode, previous == null ? null : previous.name(),
                card.status.name(), d.reason(), d.channel(), d.until() == null ? null : d.until().toString(),
                d.relatedCardNumber(), d.fee()));
    }
}
