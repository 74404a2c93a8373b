package org.sscard.cardproduction.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.sscard.cardproduction.service.ProductionService;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.platform.inbox.EventHandlers;
import org.sscard.platform.inbox.IdempotentConsumer;

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
                        (e, p) -> production.startProduction(p));
        this.applications = EventHandlers.create()
                .on(EventTypes.APPLICATION_WITHDRAWN, Payloads.ApplicationWithdrawn.class,
                        (e, p) -> production.withdrawn(p, e.occurredAt()));
    }

    @Incoming("applications")
    @Blocking
    public void onApplicationEvent(ConsumerRecord<String, String> record) {
        consumer.consume(record, applications);
    }

    @Incoming("reviews")
    @Blocking
    public void onReviewEvent(ConsumerRecord<String, String> record) {
        consumer.consume(record, handlers);
    }
}
