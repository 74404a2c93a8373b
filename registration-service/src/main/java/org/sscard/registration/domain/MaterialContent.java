package org.sscard.registration.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.sscard.platform.crypto.EncryptedBytes;

import java.util.UUID;

/** The bytes of a material, read only when someone opens it; stored encrypted (platform FieldCipher). */
@Entity
@Table(name = "material_content")
public class MaterialContent {
    @Id
    @Column(name = "material_id")
    public UUID materialId;
    @Convert(converter = EncryptedBytes.class)
    public byte[] content;
}
