package org.sscard.registration.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.sscard.platform.crypto.EncryptedText;

import java.time.Instant;

/** A unit registered for social insurance (Social Insurance Law art. 57); it applies for its staff. */
@Entity
@Table(name = "employer")
public class Employer {
    /** Unified social credit code (GB 32100); also the employer's account subject. */
    @Id
    @Column(name = "credit_code")
    public String creditCode;
    public String name;
    @Column(name = "region_code")
    public String regionCode;
    @Convert(converter = EncryptedText.class)
    @Column(name = "contact_name")
    public String contactName;
    @Convert(converter = EncryptedText.class)
    @Column(name = "contact_phone")
    public String contactPhone;
    @Column(name = "registered_at")
    public Instant registeredAt;
    @Column(name = "registered_by")
    public String registeredBy;
}
