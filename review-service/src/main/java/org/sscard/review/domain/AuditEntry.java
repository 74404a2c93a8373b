package org.sscard.review.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** Who did what to a review, when and why. Insert-only: the table refuses updates and deletes. */
@Entity
@Table(name = "review_audit")
public class AuditEntry {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "review_id")
    public UUID reviewId;
    public String action;
    public String actor;
    public Instant at;
    public String detail;
}
