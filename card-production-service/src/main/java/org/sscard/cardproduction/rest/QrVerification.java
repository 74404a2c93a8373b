package org.sscard.cardproduction.rest;

import org.sscard.cardproduction.service.CardLifecycleService;

import java.time.Instant;

public final class QrVerification {
    /** The QR code content for the holder's screen. */
    public record Token(String token, Instant expiresAt) {
        static Token of(CardLifecycleService.QrToken t) {
            return new Token(t.token(), t.expiresAt());
        }
    }

    /** What a verifier learns: that the card is valid, and masked identifiers only. */
    public record Result(boolean valid, String maskedCardNumber, String maskedName, String regionCode, String status,
                         Instant tokenExpiresAt) {
        static Result of(CardLifecycleService.QrCheck c) {
            return new Result(true, maskCard(c.card().cardNumber), maskName(c.card().name), c.card().regionCode,
                    c.electronicCard().status.name(), c.tokenExpiresAt());
        }
    }

    static String maskCard(String n) {
        return n.substring(0, 2) + "*****" + n.substring(7);
    }

    static String maskName(String name) {
        return name.isEmpty() ? name : name.substring(0, 1) + "*".repeat(Math.max(1, name.length() - 1));
    }

    private QrVerification() {
    }
}
