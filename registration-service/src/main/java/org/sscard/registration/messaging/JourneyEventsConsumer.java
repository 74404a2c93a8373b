package org.sscard.registration.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.platform.inbox.EventHandlers;
import org.sscard.platform.inbox.IdempotentConsumer;
import org.sscard.registration.domain.ApplicationStatus;
import org.sscard.registration.service.ApplicationService;

import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/** Builds each application's status and timeline from the events of review and card production. */
@ApplicationScoped
public class JourneyEventsConsumer {
    private final IdempotentConsumer consumer;
    private final EventHandlers reviews;
    private final EventHandlers cards;

    public JourneyEventsConsumer(IdempotentConsumer consumer, ApplicationService service) {
        this.consumer = consumer;
        this.reviews = EventHandlers.create()
                .on(EventTypes.APPLICATION_APPROVED, Payloads.ApplicationApproved.class, (e, p) ->
                        service.apply(e, ApplicationStatus.APPROVED, "Approved by review", null, null))
                .on(EventTypes.APPLICATION_REJECTED, Payloads.ApplicationRejected.class, (e, p) ->
                        service.apply(e, ApplicationStatus.REJECTED, "Rejected: " + codes(p.reasons()), null, p.reasons()))
                .on(EventTypes.SUPPLEMENT_REQUESTED, Payloads.SupplementRequested.class, (e, p) ->
                        service.apply(e, ApplicationStatus.SUPPLEMENT_REQUESTED, "Supplement requested: " + codes(p.reasons())
                                + (p.materials() == null ? "" : "; materials " + String.join(", ", p.materials())),
                                null, p.reasons()))
                .scope(EventHandlers.Scope.loading(service::load));
        this.cards = EventHandlers.create()
                .on(EventTypes.CARD_PRODUCTION_STARTED, Payloads.CardProductionStarted.class, (e, p) ->
                        service.apply(e, ApplicationStatus.IN_PRODUCTION, "Card in print batch", p.cardNumber(), null))
                .on(EventTypes.CARD_PRINTED, Payloads.CardPrinted.class, (e, p) ->
                        service.apply(e, null, "Card printed", p.cardNumber(), null))
                .on(EventTypes.CARD_DISPATCHED, Payloads.CardLifecycle.class, (e, p) ->
                        service.apply(e, null, "TO_EMPLOYER".equals(p.reason()) ? "Card sent to the employer"
                                : "Card sent to outlet " + p.outletCode(), p.cardNumber(), null))
                .on(EventTypes.CARD_READY_FOR_COLLECTION, Payloads.CardReadyForCollection.class, (e, p) ->
                        service.apply(e, ApplicationStatus.READY_FOR_COLLECTION, "Ready for collection at " + p.outletCode(),
                                p.cardNumber(), null))
                .on(EventTypes.CARD_COLLECTION_REMINDER, Payloads.CardLifecycle.class, (e, p) ->
                        service.apply(e, null, "Reminded to collect the card at outlet " + p.outletCode()
                                + (p.until() == null ? "" : " before " + p.until().substring(0, 10)), p.cardNumber(), null))
                .on(EventTypes.CARD_RETURNED, Payloads.CardLifecycle.class, (e, p) ->
                        service.apply(e, null, "Card not collected: returned to the issuing centre; the holder can ask "
                                + "for it to be sent to outlet " + p.outletCode() + " again", p.cardNumber(), null))
                .on(EventTypes.CARD_COLLECTED, Payloads.CardCollected.class, (e, p) ->
                        service.apply(e, ApplicationStatus.COLLECTED, "Card collected", p.cardNumber(), null))
                .on(EventTypes.CARD_CANCELLED, Payloads.CardLifecycle.class, (e, p) ->
                        service.cardCancelled(e, p.cardNumber(), p.reason()))
                .scope(EventHandlers.Scope.loading(service::load));
    }

    private static String codes(java.util.List<Payloads.Reason> reasons) {
        return reasons == null ? "" : reasons.stream().map(Payloads.Reason::code).collect(Collectors.joining(", "));
    }

    @Incoming("reviews")
    public CompletionStage<Void> onReviewEvent(ConsumerRecords<String, String> records) {
        return consumer.consumeAll("reviews", records, reviews);
    }

    /** The same events of the bulk lane (applications of rosters), consumed apart so that they never delay the others. */
    @Incoming("reviews-bulk")
    public CompletionStage<Void> onReviewBulkEvent(ConsumerRecords<String, String> records) {
        return consumer.consumeAll("reviews-bulk", records, reviews);
    }

    @Incoming("cards")
    public CompletionStage<Void> onCardEvent(ConsumerRecords<String, String> records) {
        return consumer.consumeAll("cards", records, cards);
    }

    /** The same events of the bulk lane (applications of rosters), consumed apart so that they never delay the others. */
    @Incoming("cards-bulk")
    public CompletionStage<Void> onCardBulkEvent(ConsumerRecords<String, String> records) {
        return consumer.consumeAll("cards-bulk", records, cards);
    }
}
