package org.sscard.registration.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.UUID;

/** The bytes of a material, read only when someone opens it. */
@Entity
@Table(name = "material_content")
public class MaterialContent {
    @Id
    @Column(name = "material_id")
    public UUID materialId;
    public byte[] content;
}
