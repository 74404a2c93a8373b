package org.sscard.registration.domain;

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
import org.sscard.platform.problem.FieldError;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * An application for a social security card: the registration form itself. Personal fields are stored encrypted
 * (platform FieldCipher); the ID numbers are also held as blind indexes, which is how they are looked up.
 */
@Entity
@Table(name = "application")
public class Application {
    @Id
    public UUID id;
    @Enumerated(EnumType.STRING)
    public ApplicationStatus status;
    @Enumerated(EnumType.STRING)
    public ApplicantCategory category;
    @Enumerated(EnumType.STRING)
    public Channel channel;
    @Convert(converter = EncryptedText.class)
    public String name;
    @Convert(converter = EncryptedText.class)
    @Column(name = "id_number")
    public String idNumber;
    /** Keyed blind index of {@link #idNumber} (platform BlindIndex): how the person is found and kept to one card. */
    @Column(name = "id_number_index")
    public String idNumberIndex;
    @Convert(converter = EncryptedText.class)
    public String phone;
    @Column(name = "outlet_code")
    public String outletCode;
    @Column(name = "region_code")
    public String regionCode;
    public String language;
    @Column(name = "preferred_channel")
    public String preferredChannel;
    @Convert(converter = EncryptedText.class)
    public String email;
    /** Subject of the applicant's own account, when they have one; they may read the application. */
    @Column(name = "applicant_id")
    public String applicantId;
    /** Subject of the employer that submitted it, for employer applications. */
    @Column(name = "employer_id")
    public String employerId;
    @Column(name = "submitted_by")
    public String submittedBy;
    @Column(name = "card_number")
    public String cardNumber;
    /** JSON array of the reasons of the last rejection or supplement request. */
    @Column(name = "decision_reasons")
    public String decisionReasons;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    /** MALE or FEMALE, as the ID number encodes it. */
    public String sex;
    @Convert(converter = EncryptedText.class)
    @Column(name = "guardian_name")
    public String guardianName;
    @Convert(converter = EncryptedText.class)
    @Column(name = "guardian_id_number")
    public String guardianIdNumber;
    /** Keyed blind index of {@link #guardianIdNumber}: how a guardian finds a child's application. */
    @Column(name = "guardian_id_index")
    public String guardianIdIndex;
    @Column(name = "business_credit_code")
    public String businessCreditCode;
    @Column(name = "hired_on")
    public LocalDate hiredOn;
    /** An employee registered more than 30 days after hiring (Social Insurance Law art. 58). */
    @Column(name = "late_registration")
    public boolean lateRegistration;
    /** The employer roster this application came from, and its row there. */
    @Column(name = "roster_id")
    public UUID rosterId;
    @Column(name = "roster_row")
    public Integer rosterRow;
    @Version
    public long version;

    /** The blind indexes of who holds the application: the person, and a child's guardian. */
    public java.util.List<String> holderKeys() {
        return guardianIdIndex == null ? java.util.List.of(idNumberIndex) : java.util.List.of(idNumberIndex, guardianIdIndex);
    }

    /** Statuses from which the applicant may withdraw: until production starts (docs/domain.md, section 3). */
    public static final Set<ApplicationStatus> WITHDRAWABLE = EnumSet.of(ApplicationStatus.DRAFT,
            ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW, ApplicationStatus.SUPPLEMENT_REQUESTED,
            ApplicationStatus.APPROVED);

    /**
     * Submits a draft. {@code missing} lists the required materials that are not attached: while any is, the draft
     * stays a draft and the refusal names each of them.
     */
    public void submit(List<RequiredMaterials.Missing> missing, Instant at) {
        if (status != ApplicationStatus.DRAFT) {
            throw DomainException.conflict("NOT_A_DRAFT", "The application is " + status + ", not a draft");
        }
        if (!missing.isEmpty()) {
            throw DomainException.breaksRule("MATERIALS_MISSING", "The application lacks required materials: "
                    + missing.stream().map(RequiredMaterials.Missing::message).collect(Collectors.joining("; ")),
                    missing.stream().map(m -> new FieldError(m.requirement(), m.message())).toList());
        }
        status = ApplicationStatus.SUBMITTED;
        updatedAt = at;
    }

    /** Withdrawn by the applicant (or for them), until production starts. */
    public void withdraw(Instant at) {
        if (!WITHDRAWABLE.contains(status)) {
            throw DomainException.conflict("APPLICATION_NOT_WITHDRAWABLE",
                    "The application is " + status + "; it can be withdrawn only until production starts");
        }
        status = ApplicationStatus.WITHDRAWN;
        updatedAt = at;
    }

    /** The applicant answered a supplement request: the application goes back to review. */
    public void supplementProvided(Instant at) {
        if (status != ApplicationStatus.SUPPLEMENT_REQUESTED) {
            throw DomainException.conflict("NO_SUPPLEMENT_REQUESTED", "The application is " + status
                    + "; nothing was asked for");
        }
        status = ApplicationStatus.UNDER_REVIEW;
        updatedAt = at;
    }

    /**
     * Changes how the applicant is reached (the seed's "keep contact information unblocked"), in every state of the
     * application, since the card's messages keep coming after it is collected. Returns the names of the fields that
     * changed, in a fixed order; refuses a change that changes nothing, and the EMAIL channel without an address.
     */
    public List<String> changeContact(ContactChange change, Instant at) {
        if (change == null || (change.phone() == null && change.email() == null && change.language() == null
                && change.preferredChannel() == null)) {
            throw DomainException.invalid("CONTACT_CHANGE_EMPTY", "Name at least one of phone, email, language and "
                    + "preferredChannel");
        }
        String newEmail = change.email() != null ? change.email().trim() : email;
        String newChannel = change.preferredChannel() != null ? change.preferredChannel() : preferredChannel;
        if ("EMAIL".equals(newChannel) && (newEmail == null || newEmail.isBlank())) {
            throw DomainException.invalidFields(List.of(new FieldError("email", "is needed for the EMAIL channel")));
        }
        List<String> changed = new java.util.ArrayList<>();
        if (change.phone() != null && !change.phone().equals(phone)) {
            phone = change.phone();
            changed.add("phone");
        }
        if (change.email() != null && !newEmail.equals(email)) {
            email = newEmail;
            changed.add("email");
        }
        if (change.language() != null && !change.language().equals(language)) {
            language = change.language();
            changed.add("language");
        }
        if (change.preferredChannel() != null && !change.preferredChannel().equals(preferredChannel)) {
            preferredChannel = change.preferredChannel();
            changed.add("preferredChannel");
        }
        if (!changed.isEmpty()) {
            updatedAt = at;
        }
        return changed;
    }

    /** Moves forward to {@code next} if that is later in the journey; returns whether it moved. */
    public boolean advanceTo(ApplicationStatus next, Instant at) {
        if (status == ApplicationStatus.WITHDRAWN && next == ApplicationStatus.COLLECTED) {
            // The card reached its holder before card production heard of the withdrawal (it cancels every card not
            // yet handed over): the person holds a card, and one person, one card counts it.
            status = next;
            updatedAt = at;
            return true;
        }
        if (status.isFinal()) {
            return false; // final: later events are recorded in the timeline only
        }
        boolean askedAgain = status == ApplicationStatus.UNDER_REVIEW && next == ApplicationStatus.SUPPLEMENT_REQUESTED;
        if (status.isBefore(next) || askedAgain) {
            status = next;
            updatedAt = at;
            return true;
        }
        return false;
    }
}
