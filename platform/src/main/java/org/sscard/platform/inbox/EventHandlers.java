package org.sscard.platform.inbox;

import org.sscard.events.EventEnvelope;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/** The event types one consumer handles, each with its payload class and its effect. */
public final class EventHandlers {
    record Handler<T>(Class<T> payloadType, BiConsumer<EventEnvelope, T> effect) {
    }

    private final Map<String, Handler<?>> handlers = new HashMap<>();

    public static EventHandlers create() {
        return new EventHandlers();
    }

    public <T> EventHandlers on(String type, Class<T> payloadType, BiConsumer<EventEnvelope, T> effect) {
        handlers.put(type, new Handler<>(payloadType, effect));
        return this;
    }

    Handler<?> get(String type) {
        return handlers.get(type);
    }
}
