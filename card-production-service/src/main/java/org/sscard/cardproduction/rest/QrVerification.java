package org.sscard.cardproduction.rest;

import java.time.Instant;

public final class QrVerification {
    /** The QR code content for the holder's screen. */
    public record Token(String token, Instant expiresAt) {
    }

    /** What a verifier learns: that the card is valid, and masked identifiers only. */
    public record Result(boolean valid, String maskedCardNumber, String maskedName, String regionCode, String status,
                         Instant tokenExpiresAt) {
    }

    private QrVerification() {
    }
}
