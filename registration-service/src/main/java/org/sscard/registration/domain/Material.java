package org.sscard.registration.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.sscard.events.MaterialKind;
import org.sscard.events.Payloads;

import java.time.Instant;
import java.util.UUID;

/** What is known about one attached material; its bytes are in {@link MaterialContent}. */
@Entity
@Table(name = "material")
public class Material {
    @Id
    public UUID id;
    @Column(name = "application_id")
    public UUID applicationId;
    @Enumerated(EnumType.STRING)
    public MaterialKind kind;
    /** Sniffed from the bytes, never the client's claim. */
    @Column(name = "content_type")
    public String contentType;
    @Column(name = "size_bytes")
    public int sizeBytes;
    public String sha256;
    public Integer width;
    public Integer height;
    @Column(name = "bit_depth")
    public Integer bitDepth;
    public Integer dpi;
    @Column(name = "uploaded_by")
    public String uploadedBy;
    @Column(name = "uploaded_at")
    public Instant uploadedAt;

    public Payloads.MaterialInfo info() {
        return new Payloads.MaterialInfo(kind.name(), contentType, sizeBytes, sha256, width, height, bitDepth, dpi);
    }
}
