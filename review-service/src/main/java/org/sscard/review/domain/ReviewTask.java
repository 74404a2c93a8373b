package org.sscard.review.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.sscard.platform.crypto.EncryptedText;

import java.time.Instant;
import java.util.UUID;

/**
 * The review of one application. Opened by ApplicationSubmitted; decided by a reviewer. The name and ID number are
 * stored encrypted (platform FieldCipher).
 */
@Entity
@Table(name = "review_task")
public class ReviewTask {
    @Id
    public UUID id;
    @Column(name = "application_id")
    public UUID applicationId;
    @Enumerated(EnumType.STRING)
    public ReviewStatus status;
    @Column(name = "applicant_id")
    public String applicantId;
    public String category;
    public String channel;
    @Convert(converter = EncryptedText.class)
    public String name;
    @Convert(converter = EncryptedText.class)
    @Column(name = "id_number")
    public String idNumber;
    /** Keyed blind index of {@link #idNumber} (platform BlindIndex): how another case of the person is found. */
    @Column(name = "id_number_index")
    public String idNumberIndex;
    /** Blind indexes of who holds the application (the person, a child's guardian), comma-separated; null: not told. */
    @Column(name = "holder_keys")
    public String holderKeys;
    /** The employer that submitted the application, if any: it may collect the card for its staff. */
    @Column(name = "employer_id")
    public String employerId;
    @Column(name = "outlet_code")
    public String outletCode;
    @Column(name = "region_code")
    public String regionCode;
    @Column(name = "submitted_at")
    public Instant submittedAt;
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "birth_date")
    public java.time.LocalDate birthDate;
    /** JSON list of the materials registration reported (kind, type, size, hash, photo facts); null: not told. */
    public String materials;
    /** Whether the employer named was in registration's registry at submission; null: not told. */
    @Column(name = "employer_registered")
    public Boolean employerRegistered;
    /** Whether the application travels on the bulk lane (it came from a roster): its decision is published there. */
    public boolean bulk;
    @Column(name = "claimed_by")
    public String claimedBy;
    @Column(name = "claim_expires_at")
    public Instant claimExpiresAt;
    @Enumerated(EnumType.STRING)
    public Outcome outcome;
    /** Comma-separated reason codes of the decision. */
    @Column(name = "reason_codes")
    public String reasonCodes;
    public String comment;
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "decided_at")
    public Instant decidedAt;
    @Version
    public long version;

    public boolean isClaimedByOtherThan(String reviewer, Instant now) {
        return status == ReviewStatus.CLAIMED && !reviewer.equals(claimedBy)
                && claimExpiresAt != null && claimExpiresAt.isAfter(now);
    }
}
