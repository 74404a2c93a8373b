package org.sscard.infra;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The DEVELOPMENT face-verification provider: it signs the verdict that a person passed the real-name and face
 * check, as the province's provider does for the front end, with the published key in {@code dev-keys/}. Card
 * production trusts this key in development and tests only (docs/security.md).
 */
public final class DevFaceProvider {
    public static final String ISSUER = "https://sscard.dev/development-face-provider";
    public static final String AUDIENCE = "sscard-electronic-card";
    private static final String KEY = "/dev-keys/DEV-ONLY-face-provider-private-key.pem";

    /** A passed check of {@code idNumber}, issued now, valid for two minutes, with a fresh nonce. */
    public static String passed(String idNumber) {
        return verdict(idNumber, "PASS", 0.98, UUID.randomUUID().toString(), Instant.now(), Duration.ofMinutes(2));
    }

    public static String verdict(String idNumber, String result, double liveness, String nonce, Instant issuedAt,
                                 Duration validity) {
        return DevTokens.sign(claims(idNumber, result, liveness, nonce, issuedAt, validity), KEY);
    }

    /** A passed check signed with another key: what a forger would send. */
    public static String forged(String idNumber) {
        return DevTokens.sign(claims(idNumber, "PASS", 0.99, UUID.randomUUID().toString(), Instant.now(),
                Duration.ofMinutes(2)), "/dev-keys/DEV-ONLY-private-key.pem");
    }

    private static Map<String, Object> claims(String idNumber, String result, double liveness, String nonce,
                                              Instant issuedAt, Duration validity) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("aud", AUDIENCE);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("id_number", idNumber);
        claims.put("result", result);
        claims.put("liveness", liveness);
        claims.put("nonce", nonce);
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("exp", issuedAt.plus(validity).getEpochSecond());
        return claims;
    }

    private DevFaceProvider() {
    }
}
