package org.sscard.notification.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.sscard.events.EventEnvelope;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.events.Topics;
import org.sscard.notification.service.NotificationService;
import org.sscard.platform.inbox.EventHandlers;
import org.sscard.platform.inbox.IdempotentConsumer;

import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/** Listens to every topic of the journey: logs each event and tells the applicant about each step. */
@ApplicationScoped
public class JourneyEventsConsumer {
    private final IdempotentConsumer consumer;
    private final EventHandlers applications;
    private final EventHandlers applicationsBulk;
    private final EventHandlers reviews;
    private final EventHandlers reviewsBulk;
    private final EventHandlers cards;
    private final EventHandlers cardsBulk;
    private final EventHandlers rosters;

    public JourneyEventsConsumer(IdempotentConsumer consumer, NotificationService service) {
        this.consumer = consumer;
        // each batch loads its applications' contacts at once and reads each template once (NotificationService)
        this.applications = applications(service, Topics.APPLICATIONS).scope(service);
        this.applicationsBulk = applications(service, Topics.lane(Topics.APPLICATIONS, true)).scope(service);
        this.reviews = reviews(service, Topics.REVIEWS).scope(service);
        this.reviewsBulk = reviews(service, Topics.lane(Topics.REVIEWS, true)).scope(service);
        this.cards = cards(service, Topics.CARDS).scope(service);
        this.cardsBulk = cards(service, Topics.lane(Topics.CARDS, true)).scope(service);
        this.rosters = EventHandlers.create()
                .on(EventTypes.ROSTER_PROCESSED, Payloads.RosterProcessed.class, service::rosterProcessed);
    }

    /** The handlers of one lane's events: the operations log records the topic each event came on. */
    private static EventHandlers applications(NotificationService service, String topic) {
        return EventHandlers.create()
                .on(EventTypes.APPLICATION_SUBMITTED, Payloads.ApplicationSubmitted.class,
                        logged(topic, service, service::submitted))
                .on(EventTypes.APPLICATION_WITHDRAWN, Payloads.ApplicationWithdrawn.class,
                        logged(topic, service, (e, p) -> service.applicationStep(e, p.applicantId(), p.maskedIdNumber())))
                .on(EventTypes.SUPPLEMENT_PROVIDED, Payloads.SupplementProvided.class,
                        logged(topic, service, (e, p) -> service.applicationStep(e, p.applicantId(), p.maskedIdNumber())))
                .on(EventTypes.CONTACT_CHANGED, Payloads.ContactChanged.class,
                        logged(topic, service, service::contactChanged));
    }

    private static EventHandlers reviews(NotificationService service, String topic) {
        return EventHandlers.create()
                .on(EventTypes.APPLICATION_APPROVED, Payloads.ApplicationApproved.class,
                        logged(topic, service, service::approved))
                .on(EventTypes.APPLICATION_REJECTED, Payloads.ApplicationRejected.class,
                        logged(topic, service, service::rejected))
                .on(EventTypes.SUPPLEMENT_REQUESTED, Payloads.SupplementRequested.class,
                        logged(topic, service, service::supplementRequested));
    }

    private static EventHandlers cards(NotificationService service, String topic) {
        EventHandlers cards = EventHandlers.create()
                .on(EventTypes.CARD_PRODUCTION_STARTED, Payloads.CardProductionStarted.class,
                        logged(topic, service, (e, p) -> { }))
                .on(EventTypes.CARD_PRINTED, Payloads.CardPrinted.class, logged(topic, service, (e, p) -> { }))
                .on(EventTypes.CARD_READY_FOR_COLLECTION, Payloads.CardReadyForCollection.class,
                        logged(topic, service, service::readyForCollection))
                .on(EventTypes.CARD_COLLECTED, Payloads.CardCollected.class,
                        logged(topic, service, service::collected));
        // The rest of the card's life: every event goes into the operations log; some reach the holder.
        EventTypes.PAYLOADS.forEach((type, payload) -> {
            if (payload == Payloads.CardLifecycle.class) {
                cards.on(type, Payloads.CardLifecycle.class, logged(topic, service, service::lifecycle));
            }
        });
        return cards;
    }

    private static <T> BiConsumer<EventEnvelope, T> logged(String topic, NotificationService service,
                                                          BiConsumer<EventEnvelope, T> effect) {
        return (e, p) -> {
            service.log(topic, e);
            effect.accept(e, p);
        };
    }

    @Incoming("applications")
    public CompletionStage<Void> onApplicationEvent(ConsumerRecords<String, String> records) {
        return consumer.consumeAll("applications", records, applications);
    }

    /** The same events of the bulk lane (applications of rosters), consumed apart so that they never delay the others. */
    @Incoming("applications-bulk")
    public CompletionStage<Void> onApplicationBulkEvent(ConsumerRecords<String, String> records) {
        return consumer.consumeAll("applications-bulk", records, applicationsBulk);
    }

    @Incoming("reviews")
    public CompletionStage<Void> onReviewEvent(ConsumerRecords<String, String> records) {
        return consumer.consumeAll("reviews", records, reviews);
    }

    /** The same events of the bulk lane (applications of rosters), consumed apart so that they never delay the others. */
    @Incoming("reviews-bulk")
    public CompletionStage<Void> onReviewBulkEvent(ConsumerRecords<String, String> records) {
        return consumer.consumeAll("reviews-bulk", records, reviewsBulk);
    }

    @Incoming("rosters")
    public CompletionStage<Void> onRosterEvent(ConsumerRecords<String, String> records) {
        return consumer.consumeAll("rosters", records, rosters);
    }

    @Incoming("cards")
    public CompletionStage<Void> onCardEvent(ConsumerRecords<String, String> records) {
        return consumer.consumeAll("cards", records, cards);
    }

    /** The same events of the bulk lane (applications of rosters), consumed apart so that they never delay the others. */
    @Incoming("cards-bulk")
    public CompletionStage<Void> onCardBulkEvent(ConsumerRecords<String, String> records) {
        return consumer.consumeAll("cards-bulk", records, cardsBulk);
    }
}
