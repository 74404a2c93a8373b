package org.sscard.notification.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sscard.notification.domain.TemplateVersion;
import org.sscard.notification.service.TemplateService;

import java.time.Instant;
import java.util.Map;

public final class TemplateViews {
    public record Version(long id, String eventType, String language, int version, String title, String body,
                          boolean active, String createdBy, Instant createdAt) {
        public static Version of(TemplateVersion t) {
            return new Version(t.id, t.eventType, t.language, t.version, t.title, t.body, t.active, t.createdBy, t.createdAt);
        }
    }

    @Schema(description = "A new version of a message; placeholders: {masked} {app} {card} {outlet} {reasons} {comment} {until}")
    public record NewVersion(@NotBlank @Size(max = 100) String eventType,
                             @NotBlank @Pattern(regexp = "^(zh|en)$", message = "must be zh or en") String language,
                             @NotBlank @Size(max = 200) String title,
                             @NotBlank @Size(max = 2000) String body) {
    }

    public record PreviewRequest(Map<String, @Size(max = 500) String> values) {
    }

    public record Preview(long id, String eventType, String language, int version, String title, String body) {
        public static Preview of(TemplateService.Preview p) {
            TemplateVersion t = p.template();
            return new Preview(t.id, t.eventType, t.language, t.version, p.title(), p.body());
        }
    }

    private TemplateViews() {
    }
}
