package org.sscard.cardproduction.security;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.sscard.cardproduction.config.FaceCheckConfig;
import org.sscard.platform.security.KeyFiles;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;

/**
 * Verdicts of the face-verification provider, as short-lived RS256 JWS: {@code iss} the provider,
 * {@code aud} the electronic card, {@code id_number} the person checked, {@code result} {@code PASS},
 * {@code liveness} from 0 to 1, a {@code nonce} that is used once, {@code iat} and {@code exp}. The signature, the
 * issuer, the audience, the times, the person and the score are checked here; the nonce's single use is recorded
 * by the caller in the transaction that issues the card.
 */
@ApplicationScoped
@Startup // a missing or unreadable provider key stops the service at start, not at the first electronic card
public class SignedFaceVerdicts implements FaceVerifier {
    private static final int CLOCK_SKEW_SECONDS = 30;
    private final FaceCheckConfig config;
    private final Clock clock;
    private final PublicKey providerKey;

    public SignedFaceVerdicts(FaceCheckConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.providerKey = KeyFiles.rsaPublicKey(config.providerPublicKeyLocation());
    }

    @Override
    public Verdict verify(String evidence, String idNumber) {
        Instant now = clock.instant();
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKey(providerKey)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setExpectedIssuer(config.providerIssuer())
                .setExpectedAudience(config.audience())
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireJwtId()
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .setEvaluationTime(NumericDate.fromMilliseconds(now.toEpochMilli()))
                .build();
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(evidence);
        } catch (InvalidJwtException e) {
            if (e.hasErrorCode(ErrorCodes.EXPIRED)) {
                throw new FaceCheckRefused("FACE_CHECK_EXPIRED", "The face check has expired; run it again");
            }
            throw new FaceCheckRefused("FACE_CHECK_INVALID", "The face check is not a valid verdict of the "
                    + "face-verification provider");
        }
        try {
            Instant issuedAt = Instant.ofEpochSecond(claims.getIssuedAt().getValue());
            if (issuedAt.isBefore(now.minus(config.maxAge())) || issuedAt.isAfter(now.plusSeconds(CLOCK_SKEW_SECONDS))) {
                throw new FaceCheckRefused("FACE_CHECK_EXPIRED", "The face check is older than "
                        + config.maxAge().toMinutes() + " minutes; run it again");
            }
            if (!idNumber.equals(claims.getStringClaimValue("id_number"))) {
                throw new FaceCheckRefused("FACE_CHECK_WRONG_PERSON", "The face check was passed by somebody else");
            }
            Object liveness = claims.getClaimValue("liveness");
            if (!"PASS".equals(claims.getStringClaimValue("result")) || !(liveness instanceof Number score)
                    || score.doubleValue() < config.minLiveness()) {
                throw new FaceCheckRefused("FACE_CHECK_FAILED", "The face check was not passed");
            }
            String nonce = claims.getStringClaimValue("nonce");
            if (nonce == null || nonce.isBlank() || nonce.length() > 100) {
                throw new FaceCheckRefused("FACE_CHECK_INVALID", "The face check has no valid nonce");
            }
            if (claims.getJwtId().length() > 100) {
                throw new FaceCheckRefused("FACE_CHECK_INVALID", "The face check has an invalid id");
            }
            return new Verdict(claims.getJwtId(), nonce);
        } catch (MalformedClaimException e) {
            throw new FaceCheckRefused("FACE_CHECK_INVALID", "The face check has a malformed claim");
        }
    }
}
