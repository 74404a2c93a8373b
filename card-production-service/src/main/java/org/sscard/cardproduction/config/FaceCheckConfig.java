package org.sscard.cardproduction.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The face-verification provider whose signed verdicts card production trusts before it issues an electronic card
 * (docs/security.md). Production names the provider's public key and issuer; there is no default for either.
 */
@ConfigMapping(prefix = "sscard.face-check")
public interface FaceCheckConfig {
    /** The provider's RS256 public key (PEM), as a file path, {@code file:} or {@code classpath:} location. */
    String providerPublicKeyLocation();

    /** The {@code iss} of the provider's verdicts. */
    String providerIssuer();

    /** The {@code aud} a verdict must name: it was issued for the electronic card, not for another use. */
    @WithDefault("sscard-electronic-card")
    String audience();

    /** A verdict older than this (from its {@code iat}) is refused, whatever its {@code exp} says. */
    @WithDefault("5m")
    Duration maxAge();

    /** The lowest liveness score (0 to 1) accepted. */
    @WithDefault("0.9")
    double minLiveness();

    /** How long used nonces are kept; longer than {@link #maxAge()}, so a nonce is never accepted twice. */
    @WithDefault("1d")
    Duration nonceRetention();
}
