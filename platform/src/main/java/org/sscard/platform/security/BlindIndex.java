package org.sscard.platform.security;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Locale;

/**
 * A keyed blind index of an identifier: HMAC-SHA256 under a platform key, so a service can find and match a person
 * by ID number (equality only) without holding the number, and nobody without the key can turn it back into the
 * number by trying the few billion valid ones. The key ({@code sscard.crypto.blind-index-key}) is the same in every
 * service that matches identities; production has no default and refuses a development key.
 */
@ApplicationScoped
public class BlindIndex {
    private final SecretKeySpec key;

    public BlindIndex(@ConfigProperty(name = "sscard.crypto.blind-index-key") String key) {
        if (key.length() < 32) {
            throw new IllegalStateException("sscard.crypto.blind-index-key must have at least 32 characters");
        }
        this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The index of a citizen ID number (upper-cased, trimmed), or null for null. */
    public String ofIdNumber(String idNumber) {
        return of("id-number:", idNumber);
    }

    /**
     * The index of a card number (upper-cased, trimmed), or null for null: what the reconciliation compares, so that its
     * feeds carry no card number.
     */
    public String ofCardNumber(String cardNumber) {
        return of("card-number:", cardNumber);
    }

    private String of(String domain, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(domain.getBytes(StandardCharsets.US_ASCII));
            byte[] digest = mac.doFinal(value.trim().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
