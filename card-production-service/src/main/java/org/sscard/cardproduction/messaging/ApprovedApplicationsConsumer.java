package org.sscard.cardproduction.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.sscard.cardproduction.service.ProductionService;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.platform.inbox.EventHandlers;
import org.sscard.platform.inbox.IdempotentConsumer;


import java.util.concurrent.CompletionStage;
/** Starts production of a card for every approved application. */
@ApplicationScoped
public class ApprovedApplicationsConsumer {
    private final IdempotentConsumer consumer;
    private final EventHandlers handlers;
    private final EventHandlers applications;

    public ApprovedApplicationsConsumer(IdempotentConsumer consumer, ProductionService production) {
        this.consumer = consumer;
        this.handlers = EventHandlers.create()
                .on(EventTypes.APPLICATION_APPROVED, Payloads.ApplicationApproved.class,
                        (e, p) -> production.startProduction(p))
                .scope(production); // a batch's approvals locked and looked up at once (ProductionService)
        this.applications = EventHandlers.create()
                .on(EventTypes.APPLICATION_WITHDRAWN, Payloads.ApplicationWithdrawn.class,
                        (e, p) -> production.withdrawn(p, e.occurredAt()));
    }

    @Incoming("applications")
    public CompletionStage<Void> onApplicationEvent(ConsumerRecords<String, String> records) {
        return consumer.consumeAll("applications", records, applications);
    }

    /** The same events of the bulk lane (applications of rosters), consumed apart so that they never delay the others. */
    @Incoming("applications-bulk")
    public CompletionStage<Void> onApplicationBulkEvent(ConsumerRecords<String, String> records) {
        return consumer.consumeAll("applications-bulk", records, applications);
    }

    @Incoming("reviews")
    public CompletionStage<Void> onReviewEvent(ConsumerRecords<String, String> records) {
        return consumer.consumeAll("reviews", records, handlers);
    }

    /** The same events of the bulk lane (applications of rosters), consumed apart so that they never delay the others. */
    @Incoming("reviews-bulk")
    public CompletionStage<Void> onReviewBulkEvent(ConsumerRecords<String, String> records) {
        return consumer.consumeAll("reviews-bulk", records, handlers);
    }
}
