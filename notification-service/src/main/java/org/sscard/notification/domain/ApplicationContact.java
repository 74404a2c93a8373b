package org.sscard.notification.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.sscard.platform.crypto.EncryptedText;

import java.util.UUID;

/** How to reach the applicant of an application, learned from ApplicationSubmitted. */
@Entity
@Table(name = "application_contact")
public class ApplicationContact {
    @Id
    @Column(name = "application_id")
    public UUID applicationId;
    @Column(name = "applicant_id")
    public String applicantId;
    public String language;
    @Convert(converter = EncryptedText.class)
    public String phone;
    @Column(name = "preferred_channel")
    public String preferredChannel;
    @Convert(converter = EncryptedText.class)
    public String email;
    /** The employer that applied for this person, if any: it gets a digest of its staff's cards ready. */
    @jakarta.persistence.Column(name = "employer_id")
    public String employerId;

    /** The channel messages go on besides the inbox: e-mail when chosen and known, otherwise SMS. */
    public String channel() {
        return "EMAIL".equals(preferredChannel) && email != null ? "EMAIL" : "SMS";
    }

    /** The address on {@link #channel()}, or null when there is none. */
    public String address() {
        return "EMAIL".equals(channel()) ? email : phone;
    }
}
