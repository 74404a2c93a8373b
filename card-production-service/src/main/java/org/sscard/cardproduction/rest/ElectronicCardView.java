package org.sscard.cardproduction.rest;

import org.sscard.cardproduction.domain.ElectronicCard;

import java.time.Instant;
import java.util.UUID;

public record ElectronicCardView(UUID id, String cardNumber, String status, Instant issuedAt, Instant updatedAt) {
    public static ElectronicCardView of(ElectronicCard e) {
        return new ElectronicCardView(e.id, e.cardNumber, e.status.name(), e.issuedAt, e.updatedAt);
    }
}
