package org.sscard.review.domain;

import java.util.UUID;

/** Filters of the reviewer queue; null means any. */
public record QueueFilter(ReviewStatus status, UUID applicationId, String regionCode, String category, String channel,
                          Integer minAge, Integer maxAge, SlaState sla) {
}
