package org.sscard.platform.inbox;

import org.sscard.events.EventEnvelope;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The event types one consumer handles, each with its payload class and its effect; and, optionally, a
 * {@link Scope} that prepares a whole batch of them at once.
 */
public final class EventHandlers {
    record Handler<T>(Class<T> payloadType, BiConsumer<EventEnvelope, T> effect) {
    }

    /** One event of a batch, read. */
    public record Received<T>(EventEnvelope envelope, T payload) {
    }

    /**
     * What a consumer does once per batch around the effects of its events: {@link #beginBatch} loads what they will
     * touch with a statement or two for the whole batch (into the persistence context, or a map of the handler's own),
     * so that each effect finds it without a round trip; {@link #endBatch} forgets it, whether the batch succeeded or not.
     * With a scope, the effects of a batch are flushed together at its end rather than one by one, so that Hibernate
     * sends their inserts and updates as JDBC batches: its effects should not run queries (each would flush and check
     * every entity of the batch first). A batch handled again one event at a time runs without the scope.
     */
    public interface Scope {
        void beginBatch(List<Received<?>> events);

        void endBatch();

        /**
         * A scope that hands {@code load} the aggregate ids of a batch's events (distinct, in order) to bring their
         * entities into the persistence context with one query, where the effects then find them.
         */
        static Scope loading(java.util.function.Consumer<List<String>> load) {
            return new Scope() {
                @Override
                public void beginBatch(List<Received<?>> events) {
                    load.accept(events.stream().map(r -> r.envelope().aggregateId()).distinct().toList());
                }

                @Override
                public void endBatch() {
                }
            };
        }
    }

    private final Map<String, Handler<?>> handlers = new HashMap<>();
    private Scope scope;

    public static EventHandlers create() {
        return new EventHandlers();
    }

    public <T> EventHandlers on(String type, Class<T> payloadType, BiConsumer<EventEnvelope, T> effect) {
        handlers.put(type, new Handler<>(payloadType, effect));
        return this;
    }

    /** Prepares every batch with {@code scope} (see {@link Scope}). */
    public EventHandlers scope(Scope scope) {
        this.scope = scope;
        return this;
    }

    Scope scope() {
        return scope;
    }

    Handler<?> get(String type) {
        return handlers.get(type);
    }
}
