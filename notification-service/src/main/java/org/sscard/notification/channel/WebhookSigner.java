package org.sscard.notification.channel;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Signs a callback as {@code v1=} hex HMAC-SHA256, keyed by the employer's secret, of {@code timestamp + "." + body}.
 * The receiver recomputes it over the raw body and the {@code X-Sscard-Timestamp} header, compares in constant time,
 * and refuses a timestamp more than a few minutes old, so that a captured callback cannot be replayed later.
 */
public final class WebhookSigner {
    public static final String TIMESTAMP_HEADER = "X-Sscard-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Sscard-Signature";
    public static final String DELIVERY_HEADER = "X-Sscard-Delivery";
    public static final String TYPE_HEADER = "X-Sscard-Event";

    private WebhookSigner() {
    }

    public static String sign(String secret, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** What a receiver does: the signature is right and the timestamp within {@code toleranceSeconds} of now. */
    public static boolean verify(String secret, String timestampHeader, String signatureHeader, String body,
                                 long nowSeconds, long toleranceSeconds) {
        long ts;
        try {
            ts = Long.parseLong(timestampHeader);
        } catch (NumberFormatException | NullPointerException e) {
            return false;
        }
        if (Math.abs(nowSeconds - ts) > toleranceSeconds || signatureHeader == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(secret, ts, body).getBytes(StandardCharsets.US_ASCII),
                signatureHeader.getBytes(StandardCharsets.US_ASCII));
    }
}
