package org.sscard.notification.service;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.sscard.notification.domain.EventLogEntry;

/** The live stream of events for the dashboard: an event is pushed once the transaction that logged it commits. */
@ApplicationScoped
public class EventStream {
    private final BroadcastProcessor<EventLogEntry> processor = BroadcastProcessor.create();
    private final TransactionSynchronizationRegistry transactions;

    public EventStream(TransactionSynchronizationRegistry transactions) {
        this.transactions = transactions;
    }

    /** Publishes {@code event} after the current transaction commits (never for one rolled back). */
    public void afterCommit(EventLogEntry event) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    processor.onNext(event);
                }
            }
        });
    }

    public Multi<EventLogEntry> events() {
        return processor;
    }
}
