package org.sscard.platform.crypto;

/**
 * A stored or received ciphertext that cannot be opened: its key is not in the ring, it is truncated or malformed,
 * or it fails its integrity check. The message never contains the value.
 */
public class UnreadableCiphertextException extends RuntimeException {
    public UnreadableCiphertextException(String message) {
        super(message);
    }
}
