package org.sscard.platform.reconciliation;

import java.time.Instant;
import java.util.UUID;

/**
 * What one service holds of one application, for the reconciliation across services: its status there, a detail
 * (review's outcome; the card, as the blind index of its number) and when it last changed. No personal data.
 */
public record ApplicationState(UUID applicationId, String status, String detail, Instant at) {
}
