package org.sscard.registration.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sscard.registration.domain.Material;

import java.time.Instant;

@Schema(description = "An attached material: its kind, the content type sniffed from its bytes, size and SHA-256")
public record MaterialView(String kind, String contentType, int sizeBytes, String sha256, Integer width, Integer height,
                           Integer bitDepth, Integer dpi, Instant uploadedAt) {
    public static MaterialView of(Material m) {
        return new MaterialView(m.kind.name(), m.contentType, m.sizeBytes, m.sha256, m.width, m.height, m.bitDepth,
                m.dpi, m.uploadedAt);
    }
}
