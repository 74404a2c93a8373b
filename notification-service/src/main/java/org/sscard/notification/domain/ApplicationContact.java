package org.sscard.notification.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

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
    public String phone;
    @Column(name = "preferred_channel")
    public String preferredChannel;
    public String email;
    /** The employer that applied for this person, if any: it gets a digest of its staff's cards ready. */
    @jakarta.persistence.Column(name = "employer_id")
    public String employerId;
}
