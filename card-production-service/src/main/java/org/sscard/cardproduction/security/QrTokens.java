package org.sscard.cardproduction.security;

import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.cardproduction.config.CardConfig;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Short-lived signed tokens shown as the QR code of an electronic card:
 * {@code base64url(ecardId|cardNumber|expiresEpochSecond).base64url(HMAC-SHA256)}. They name no person.
 */
@ApplicationScoped
public class QrTokens {
    private final byte[] key;

    public QrTokens(CardConfig config) {
        this.key = config.ecardSigningKey().getBytes(StandardCharsets.UTF_8);
    }

    public record Claims(UUID electronicCardId, String cardNumber, Instant expiresAt) {
    }

    public String sign(Claims c) {
        String body = c.electronicCardId() + "|" + c.cardNumber() + "|" + c.expiresAt().getEpochSecond();
        String encoded = b64(body.getBytes(StandardCharsets.UTF_8));
        return encoded + "." + b64(mac(encoded));
    }

    /** The claims of a well-formed token with a valid signature (expiry is the caller's check). */
    public Optional<Claims> read(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        try {
            String encoded = token.substring(0, dot);
            byte[] sig = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(sig, mac(encoded))) {
                return Optional.empty();
            }
            String[] parts = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 3) {
                return Optional.empty();
            }
            return Optional.of(new Claims(UUID.fromString(parts[0]), parts[1], Instant.ofEpochSecond(Long.parseLong(parts[2]))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
