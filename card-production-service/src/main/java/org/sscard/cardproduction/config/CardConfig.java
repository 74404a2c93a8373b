package org.sscard.cardproduction.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

/** The card's life after production. Every limit that docs/domain.md marks local is here. */
@ConfigMapping(prefix = "sscard.card")
public interface CardConfig {
    /** A card not collected this long after it became ready is flagged for operators. */
    @WithDefault("90d")
    Duration collectionDeadline();

    /** While a card waits at its outlet, the holder is reminded this often (first this long after it became ready). */
    @WithDefault("14d")
    Duration collectionReminderEvery();

    /** A card not collected this long after it became ready goes back to the issuing centre (RETURNED). */
    @WithDefault("180d")
    Duration collectionReturnAfter();

    default org.sscard.cardproduction.domain.CollectionPolicy collectionPolicy() {
        return new org.sscard.cardproduction.domain.CollectionPolicy(collectionReminderEvery(), collectionReturnAfter());
    }

    /** Consecutive wrong PIN tries that lock the card. */
    @WithDefault("6")
    int pinMaxAttempts();

    /** After a wrong PIN, the next try is refused (429) until this much time has passed. */
    @WithDefault("2s")
    Duration pinRetryDelay();

    /** PBKDF2-HMAC-SHA256 iterations for PIN hashes. */
    @WithDefault("210000")
    int pinPbkdf2Iterations();

    /** Secret mixed into every PIN hash, kept outside the database (no default in production). */
    String pinPepper();

    /** Days a temporary loss report lasts before it lifts itself (7 to 15 in practice). */
    @WithDefault("7")
    int temporaryLossDays();

    /** An exchange for expiry is possible from this many days before the expiry date; holders are told then. */
    @WithDefault("60")
    int expiryNoticeDays();

    /** How long a QR token of the electronic card is valid. */
    @WithDefault("60s")
    Duration ecardQrTtl();

    /** Key that signs QR tokens of the electronic card (no default in production). */
    String ecardSigningKey();

    /** How often loss expiry, card expiry and overdue collection are checked. */
    @WithDefault("1m")
    Duration housekeepingInterval();

    /** Fee in yuan per replacement or exchange reason; a reason not listed is free. */
    Map<String, Integer> fees();
}
