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
import org.sscard.platform.problem.DomainException;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
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

    /** Whether {@code reviewer} holds the case now: claimed by them, and the claim has not lapsed. */
    public boolean isHeldBy(String reviewer, Instant now) {
        return status == ReviewStatus.CLAIMED && reviewer.equals(claimedBy) && claimExpiresAt != null
                && claimExpiresAt.isAfter(now);
    }

    /**
     * Why a claim of this case was refused. A claim itself is one conditional update (ReviewRepository.claim), so
     * that two reviewers racing for a case cannot both win; this says why the loser lost.
     */
    public DomainException claimRefused() {
        return switch (status) {
            case DECIDED -> DomainException.conflict("REVIEW_ALREADY_DECIDED", "This case is already decided");
            case SUPPLEMENT_REQUESTED -> DomainException.conflict("REVIEW_AWAITING_SUPPLEMENT",
                    "This case waits for supplementary materials from the applicant");
            case WITHDRAWN -> DomainException.conflict("APPLICATION_WITHDRAWN", "The applicant withdrew this application");
            default -> DomainException.conflict("REVIEW_CLAIMED_BY_OTHER",
                    "Another reviewer holds this case until " + claimExpiresAt);
        };
    }

    /**
     * A reviewer decides the case they hold. The reason codes must be {@code choosable} (the catalogue's check, which
     * refuses an unknown or retired code); a rejection or a supplement request gives at least one; only a
     * supplement request names materials.
     */
    public void decideAsReviewer(Decision d, String reviewer, Instant now, Consumer<List<String>> choosable) {
        if (status == ReviewStatus.DECIDED) {
            throw DomainException.conflict("REVIEW_ALREADY_DECIDED", "This case is already decided: " + outcome);
        }
        if (status == ReviewStatus.WITHDRAWN) {
            throw DomainException.conflict("APPLICATION_WITHDRAWN", "The applicant withdrew this application");
        }
        if (!isHeldBy(reviewer, now)) {
            throw DomainException.conflict("REVIEW_NOT_CLAIMED",
                    "Claim the case before deciding it (POST /api/v1/reviews/" + id + "/claim)");
        }
        choosable.accept(d.reasonCodes());
        if (d.outcome() != Outcome.APPROVE && d.reasonCodes().isEmpty()) {
            throw DomainException.breaksRule("REASON_REQUIRED",
                    "A rejection or supplement request needs at least one reason code");
        }
        if (!d.materials().isEmpty() && d.outcome() != Outcome.REQUEST_SUPPLEMENT) {
            throw DomainException.breaksRule("MATERIALS_ONLY_FOR_SUPPLEMENT",
                    "Materials are named only when asking for a supplement");
        }
        decide(d.outcome(), d.reasonCodes(), d.comment(), reviewer, now);
    }

    /** Records a decision, a reviewer's or the policy's: a supplement request waits for the applicant. */
    public void decide(Outcome outcome, List<String> codes, String comment, String decidedBy, Instant now) {
        this.outcome = outcome;
        reasonCodes = String.join(",", codes);
        this.comment = comment;
        this.decidedBy = decidedBy;
        decidedAt = now;
        claimedBy = null;
        claimExpiresAt = null;
        status = outcome == Outcome.REQUEST_SUPPLEMENT ? ReviewStatus.SUPPLEMENT_REQUESTED : ReviewStatus.DECIDED;
    }

    /** Whether a reviewer (not the policy) asked for the supplement: then a reviewer sees the answer too. */
    public boolean supplementAskedByReviewer() {
        return decidedBy != null && !decidedBy.startsWith("policy:");
    }

    /**
     * The applicant answered a supplement request: the case opens again with the materials as they are now. Returns
     * false, changing nothing, when the case was not waiting for one.
     */
    public boolean reopenWithSupplement(String materialsNow) {
        if (status != ReviewStatus.SUPPLEMENT_REQUESTED) {
            return false;
        }
        status = ReviewStatus.OPEN;
        outcome = null;
        decidedBy = null;
        decidedAt = null;
        if (materialsNow != null) {
            materials = materialsNow;
        }
        return true;
    }

    /** The applicant withdrew: an undecided case leaves the queue. Returns false when it was decided or gone already. */
    public boolean withdraw() {
        if (status == ReviewStatus.DECIDED || status == ReviewStatus.WITHDRAWN) {
            return false;
        }
        status = ReviewStatus.WITHDRAWN;
        claimedBy = null;
        claimExpiresAt = null;
        return true;
    }
}
