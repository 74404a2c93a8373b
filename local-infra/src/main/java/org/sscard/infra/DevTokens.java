package org.sscard.infra;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Mints RS256 bearer tokens signed by the DEVELOPMENT key in {@code dev-keys/}. Only for local runs and tests:
 * the production configuration never trusts this key.
 */
public final class DevTokens {
    public static final String ISSUER = "https://sscard.dev/development-issuer";
    /** The platform's audience, which every service requires (mp.jwt.verify.audiences). */
    public static final String AUDIENCE = "sscard";
    private static final Map<String, PrivateKey> KEYS = new java.util.concurrent.ConcurrentHashMap<>();

    /** A token for {@code subject} holding {@code role}, valid for 8 hours. */
    public static String token(String role, String subject) {
        return token(List.of(role), subject, Duration.ofHours(8));
    }

    /** A token that also carries the ID number a real-name check verified (claim {@code id_number}). */
    public static String tokenWithIdNumber(String role, String subject, String idNumber) {
        return token(List.of(role), subject, Duration.ofHours(8), Map.of("id_number", idNumber));
    }

    /** The development outlet of {@code ./suite token outlet-clerk} (one of the registry's development outlets). */
    public static final String DEV_OUTLET = "110105-001";

    /** A token for an outlet clerk working at {@code outlet} (claim {@code outlet}). */
    public static String clerk(String subject, String outlet) {
        return token(List.of("outlet-clerk"), subject, Duration.ofHours(8), Map.of("outlet", outlet));
    }

    /** A value for {@code extra} that leaves the claim out, e.g. a token without an audience. */
    public static final Object NONE = new Object();

    public static String token(List<String> roles, String subject, Duration validity) {
        return token(roles, subject, validity, Map.of());
    }

    public static String token(List<String> roles, String subject, Duration validity, Map<String, Object> extra) {
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("aud", AUDIENCE);
        claims.put("sub", subject);
        claims.put("upn", subject);
        claims.put("groups", roles);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(validity).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        claims.putAll(extra);
        claims.values().removeIf(v -> v == NONE);
        return sign(claims, "/dev-keys/DEV-ONLY-private-key.pem");
    }

    /**
     * {@code claims} as a compact RS256 JWS, signed by the DEVELOPMENT private key at {@code keyResource}. jose4j
     * signs, as it verifies in the services (smallrye-jwt); smallrye-jwt-build's builder would need MicroProfile
     * Config, which {@code ./suite} and the benchmarks do not run with.
     */
    static String sign(Map<String, Object> claims, String keyResource) {
        try {
            JwtClaims body = new JwtClaims();
            claims.forEach(body::setClaim);
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(body.toJson());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            jws.setHeader("typ", "JWT");
            jws.setKey(privateKey(keyResource));
            return jws.getCompactSerialization();
        } catch (IOException | GeneralSecurityException | JoseException e) {
            throw new IllegalStateException("could not sign with a development key", e);
        }
    }

    private static PrivateKey privateKey(String resource) throws IOException, GeneralSecurityException {
        PrivateKey key = KEYS.get(resource);
        if (key == null) {
            try (InputStream in = DevTokens.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("development private key " + resource + " not on the classpath");
                }
                String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                        .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
                key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
                KEYS.put(resource, key);
            }
        }
        return key;
    }

    private DevTokens() {
    }
}
