package org.sscard.notification.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.sscard.platform.crypto.EncryptedText;

import java.time.Instant;

/** Where an employer's HR system takes callbacks, and the secret they are signed with. */
@Entity
@Table(name = "employer_webhook")
public class EmployerWebhook {
    @Id
    @Column(name = "employer_id")
    public String employerId;
    public String url;
    @Convert(converter = EncryptedText.class)
    public String secret;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "updated_by")
    public String updatedBy;
}
