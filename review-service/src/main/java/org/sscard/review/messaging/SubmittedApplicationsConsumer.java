package org.sscard.review.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.platform.inbox.EventHandlers;
import org.sscard.platform.inbox.IdempotentConsumer;
import org.sscard.review.service.ReviewService;

import java.util.concurrent.CompletionStage;

/** Opens a review case for every submitted application. */
@ApplicationScoped
public class SubmittedApplicationsConsumer {
    private final IdempotentConsumer consumer;
    private final EventHandlers handlers;

    public SubmittedApplicationsConsumer(IdempotentConsumer consumer, ReviewService service) {
        this.consumer = consumer;
        this.handlers = EventHandlers.create()
                .on(EventTypes.APPLICATION_SUBMITTED, Payloads.ApplicationSubmitted.class,
                        (e, p) -> service.open(p, e.occurredAt()))
                .on(EventTypes.SUPPLEMENT_PROVIDED, Payloads.SupplementProvided.class,
                        (e, p) -> service.supplementProvided(p))
                .on(EventTypes.APPLICATION_WITHDRAWN, Payloads.ApplicationWithdrawn.class,
                        (e, p) -> service.withdrawn(p))
                .scope(service);
    }

    @Incoming("applications")
    public CompletionStage<Void> onApplicationEvent(ConsumerRecords<String, String> records) {
        return consumer.consumeAll("applications", records, handlers);
    }

    /** The same events of the bulk lane (applications of rosters), consumed apart so that they never delay the others. */
    @Incoming("applications-bulk")
    public CompletionStage<Void> onApplicationBulkEvent(ConsumerRecords<String, String> records) {
        return consumer.consumeAll("applications-bulk", records, handlers);
    }
}
