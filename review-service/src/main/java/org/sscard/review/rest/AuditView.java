package org.sscard.review.rest;

import java.time.Instant;

public record AuditView(String action, String actor, Instant at, String detail) {
}
