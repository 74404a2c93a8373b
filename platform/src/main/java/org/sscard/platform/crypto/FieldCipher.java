package org.sscard.platform.crypto;

import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Field-level envelope encryption of personal data (AES-256-GCM), at rest and in events.
 *
 * <p>The configuration holds a key ring of key-encryption keys ({@code sscard.crypto.field-keys}, {@code id=secret}
 * pairs) and names the one that encrypts ({@code sscard.crypto.active-field-key}); the others only decrypt, which
 * is what lets a ring rotate. Each process draws a random data key, wraps it once under the active key, and
 * encrypts every value under the data key with a fresh 96-bit nonce. A ciphertext carries everything needed to
 * read it again except the key-encryption key: the key id, the wrapped data key, the nonce and the sealed value.
 * Text becomes {@code ENC1.<key id>.<wrapped data key>.<nonce and sealed value>} (base64url), bytes the same
 * behind the magic {@code SSE1}.
 *
 * <p>A value without the prefix is returned as it is: rows and events written before encryption stay readable
 * until {@link ReEncryption} has rewritten them. Nobody writes such a value any more.
 */
@ApplicationScoped
public class FieldCipher {
    static final String TEXT_PREFIX = "ENC1.";
    static final byte[] BYTES_MAGIC = "SSE1".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    /** A data key seals at most this many values (far below GCM's 2^32 limit for random nonces), then a new one. */
    private static final long VALUES_PER_DATA_KEY = 1L << 28;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available", e);
        }
    });

    private final Map<String, SecretKey> ring;
    private final String active;
    private final SecureRandom random = new SecureRandom();
    /** Unwrapped data keys by their wrapped form: a process sees a handful (one per writer process and key). */
    private final Map<String, SecretKey> unwrapped = new ConcurrentHashMap<>();
    private final AtomicLong sealed = new AtomicLong();
    private volatile DataKey dataKey;

    private record DataKey(SecretKey key, byte[] wrapped, String wrappedText) {
    }

    public FieldCipher(@ConfigProperty(name = "sscard.crypto.field-keys") String keys,
                       @ConfigProperty(name = "sscard.crypto.active-field-key") String active) {
        this.ring = parse(keys);
        if (!ring.containsKey(active)) {
            throw new IllegalStateException("sscard.crypto.active-field-key names " + active
                    + ", which is not in the key ring sscard.crypto.field-keys " + ring.keySet());
        }
        this.active = active;
        this.dataKey = newDataKey();
    }

    /** The bean, for JPA attribute converters, which Hibernate creates itself. */
    static FieldCipher current() {
        return Arc.container().instance(FieldCipher.class).get();
    }

    /** The id of the key that encrypts now. */
    public String activeKeyId() {
        return active;
    }

    /** The text prefix of every value sealed under the active key: what {@link ReEncryption} leaves alone. */
    public String activeTextPrefix() {
        return TEXT_PREFIX + active + ".";
    }

    /** The first bytes of every byte value sealed under the active key. */
    public byte[] activeBytesPrefix() {
        byte[] id = active.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(BYTES_MAGIC.length + 1 + id.length).put(BYTES_MAGIC).put((byte) id.length).put(id)
                .array();
    }

    public String encrypt(String clear) {
        if (clear == null) {
            return null;
        }
        DataKey k = dataKey();
        return activeTextPrefix() + k.wrappedText() + "." + B64.encodeToString(seal(k.key(),
                clear.getBytes(StandardCharsets.UTF_8)));
    }

    /** The clear text of {@code stored}; a value written before encryption (no prefix) as it is. */
    public String decrypt(String stored) {
        if (stored == null || !stored.startsWith(TEXT_PREFIX)) {
            return stored;
        }
        String[] parts = stored.split("\\.", -1);
        if (parts.length != 4) {
            throw new UnreadableCiphertextException("a field ciphertext has " + parts.length + " parts, not 4");
        }
        try {
            SecretKey key = dataKey(parts[1], parts[2], null);
            return new String(open(key, B64D.decode(parts[3])), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new UnreadableCiphertextException("a field ciphertext is not base64url");
        }
    }

    public byte[] encrypt(byte[] clear) {
        if (clear == null) {
            return null;
        }
        DataKey k = dataKey();
        byte[] prefix = activeBytesPrefix();
        byte[] body = seal(k.key(), clear);
        return ByteBuffer.allocate(prefix.length + 1 + k.wrapped().length + body.length).put(prefix)
                .put((byte) k.wrapped().length).put(k.wrapped()).put(body).array();
    }

    /** The clear bytes of {@code stored}; bytes written before encryption (no magic) as they are. */
    public byte[] decrypt(byte[] stored) {
        if (stored == null || stored.length < BYTES_MAGIC.length
                || !Arrays.equals(stored, 0, BYTES_MAGIC.length, BYTES_MAGIC, 0, BYTES_MAGIC.length)) {
            return stored;
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(stored, BYTES_MAGIC.length, stored.length - BYTES_MAGIC.length);
            byte[] id = new byte[in.get()];
            in.get(id);
            byte[] wrapped = new byte[in.get()];
            in.get(wrapped);
            byte[] body = new byte[in.remaining()];
            in.get(body);
            return open(dataKey(new String(id, StandardCharsets.US_ASCII), B64.encodeToString(wrapped), wrapped), body);
        } catch (java.nio.BufferUnderflowException | NegativeArraySizeException e) {
            throw new UnreadableCiphertextException("an encrypted value is truncated");
        }
    }

    private DataKey dataKey() {
        if (sealed.incrementAndGet() % VALUES_PER_DATA_KEY == 0) {
            dataKey = newDataKey();
        }
        return dataKey;
    }

    private DataKey newDataKey() {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        SecretKey key = new SecretKeySpec(raw, "AES");
        byte[] wrapped = seal(ring.get(active), raw, active.getBytes(StandardCharsets.US_ASCII));
        DataKey k = new DataKey(key, wrapped, B64.encodeToString(wrapped));
        unwrapped.put(active + "." + k.wrappedText(), key);
        return k;
    }

    private SecretKey dataKey(String keyId, String wrappedText, byte[] wrapped) {
        SecretKey cached = unwrapped.get(keyId + "." + wrappedText);
        if (cached != null) {
            return cached;
        }
        SecretKey kek = ring.get(keyId);
        if (kek == null) {
            throw new UnreadableCiphertextException("a value is encrypted under key " + safe(keyId)
                    + ", which is not in this service's key ring " + ring.keySet());
        }
        byte[] raw = open(kek, wrapped != null ? wrapped : B64D.decode(wrappedText), keyId.getBytes(StandardCharsets.US_ASCII));
        SecretKey key = new SecretKeySpec(raw, "AES");
        if (unwrapped.size() > 10_000) {
            unwrapped.clear(); // only a flood of forged ciphertexts gets here; they fail to open anyway
        }
        unwrapped.put(keyId + "." + wrappedText, key);
        return key;
    }

    private byte[] seal(SecretKey key, byte[] clear) {
        return seal(key, clear, null);
    }

    private byte[] seal(SecretKey key, byte[] clear, byte[] aad) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher c = GCM.get();
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            if (aad != null) {
                c.updateAAD(aad);
            }
            byte[] out = new byte[NONCE + c.getOutputSize(clear.length)];
            System.arraycopy(nonce, 0, out, 0, NONCE);
            c.doFinal(clear, 0, clear.length, out, NONCE);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to encrypt", e);
        }
    }

    private static byte[] open(SecretKey key, byte[] sealed) {
        return open(key, sealed, null);
    }

    private static byte[] open(SecretKey key, byte[] sealed, byte[] aad) {
        if (sealed.length < NONCE + TAG_BITS / 8) {
            throw new UnreadableCiphertextException("an encrypted value is truncated");
        }
        try {
            Cipher c = GCM.get();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE));
            if (aad != null) {
                c.updateAAD(aad);
            }
            return c.doFinal(sealed, NONCE, sealed.length - NONCE);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new UnreadableCiphertextException("an encrypted value failed its integrity check");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to decrypt", e);
        }
    }

    /** {@code id=secret,id=secret}: each secret at least 32 characters, turned into an AES-256 key by HMAC-SHA256. */
    static Map<String, SecretKey> parse(String keys) {
        Map<String, SecretKey> ring = new LinkedHashMap<>();
        for (String entry : keys.split(",")) {
            String e = entry.trim();
            int eq = e.indexOf('=');
            String id = eq < 0 ? e : e.substring(0, eq).trim();
            String secret = eq < 0 ? "" : e.substring(eq + 1).trim();
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalStateException("sscard.crypto.field-keys: a key id must be 1 to 32 letters, digits, "
                        + "'-' or '_' (entries are id=secret, separated by commas)");
            }
            if (secret.length() < 32) {
                throw new IllegalStateException("sscard.crypto.field-keys: the secret of key " + id
                        + " must have at least 32 characters");
            }
            if (ring.put(id, derive(secret)) != null) {
                throw new IllegalStateException("sscard.crypto.field-keys: key " + id + " is listed twice");
            }
        }
        return ring;
    }

    private static SecretKey derive(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return new SecretKeySpec(mac.doFinal("sscard field key-encryption key v1".getBytes(StandardCharsets.US_ASCII)),
                    "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String safe(String keyId) {
        return KEY_ID.matcher(keyId).matches() ? keyId : "(malformed id)";
    }
}
