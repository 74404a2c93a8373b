package org.sscard.platform.inbox;

/**
 * A message that can never be processed, however often it is retried (malformed JSON, an unknown event type,
 * a payload that breaks the contract). It goes straight to the dead-letter topic. The message must not
 * contain personal data: it becomes the dead-letter reason header.
 */
public class PoisonMessageException extends RuntimeException {
    public PoisonMessageException(String message) {
        super(message);
    }
}
