package org.sscard.cardproduction.security;

import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.cardproduction.config.CardConfig;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * PIN hashes: PBKDF2-HMAC-SHA256 over HMAC(pepper, PIN) with a random salt per card. The pepper lives in
 * configuration, not in the database, so a stolen table alone does not allow a brute force of 10^6 PINs.
 * Stored as {@code pbkdf2-sha256$iterations$salt$hash}.
 */
@ApplicationScoped
public class PinHasher implements org.sscard.cardproduction.domain.PinCodec {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] pepper;
    private final int iterations;

    public PinHasher(CardConfig config) {
        this.pepper = config.pinPepper().getBytes(StandardCharsets.UTF_8);
        this.iterations = config.pinPbkdf2Iterations();
    }

    public String hash(String pin) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return "pbkdf2-sha256$" + iterations + "$" + b64(salt) + "$" + b64(derive(pin, salt, iterations));
    }

    public boolean matches(String pin, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) {
            return false;
        }
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        byte[] actual = derive(pin, Base64.getDecoder().decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    private byte[] derive(String pin, byte[] salt, int rounds) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(pepper, "HmacSHA256"));
            char[] peppered = HexFormat.of().formatHex(mac.doFinal(pin.getBytes(StandardCharsets.UTF_8))).toCharArray();
            PBEKeySpec spec = new PBEKeySpec(peppered, salt, rounds, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PIN hashing unavailable", e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().withoutPadding().encodeToString(b);
    }
}
