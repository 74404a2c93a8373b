package org.sscard.review.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The outcome of one automated pre-check on a case. */
@Entity
@Table(name = "review_check")
public class CheckResult {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "review_id")
    public UUID reviewId;
    @Column(name = "check_name")
    public String check;
    public boolean passed;
    /** Whether the applicant can fix a failure with supplementary materials. */
    public boolean fixable;
    @Column(name = "reason_code")
    public String reasonCode;
    public String detail;
    @Column(name = "checked_at")
    public Instant checkedAt;
}
