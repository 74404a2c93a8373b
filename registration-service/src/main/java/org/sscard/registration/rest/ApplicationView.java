package org.sscard.registration.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sscard.events.Payloads;
import org.sscard.platform.id.CitizenIdNumber;
import org.sscard.registration.domain.Application;
import org.sscard.registration.service.ApplicationService;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

@Schema(description = "An application with its current status, materials and timeline; the ID number is masked")
public record ApplicationView(
        UUID id,
        @Schema(description = "Current state (docs/domain.md, section 3)", example = "SUBMITTED") String status,
        String category,
        String channel,
        String name,
        @Schema(example = "110***********002X") String maskedIdNumber,
        @Schema(description = "MALE or FEMALE, from the ID number") String sex,
        String outletCode,
        String regionCode,
        @Schema(description = "Card number once production has assigned one") String cardNumber,
        @Schema(description = "Reasons of a rejection or supplement request, in words") List<Payloads.Reason> reasons,
        @Schema(description = "Account that submitted it: the applicant, a clerk or an employer") String submittedBy,
        @Schema(description = "Credit code of the employer that applied, for employee applications") String employerId,
        @Schema(description = "How the applicant is reached, masked") Contact contact,
        LocalDate hiredOn,
        @Schema(description = "Registered more than 30 days after hiring (Social Insurance Law art. 58)")
        boolean lateRegistration,
        @Schema(description = "The roster it came from, for bulk registrations") UUID rosterId,
        @Schema(description = "Attached materials (one application only, not in lists)") List<MaterialView> materials,
        @Schema(description = "Required materials still missing (one application only, not in lists)")
        List<MissingItem> missingMaterials,
        Instant createdAt,
        Instant updatedAt,
        List<TimelineItem> timeline) {

    @Schema(description = "How the applicant is reached: the phone and e-mail masked, as the reader needs no more")
    public record Contact(@Schema(example = "138****8000") String phone, @Schema(example = "z***@example.cn") String email,
                          @Schema(example = "zh") String language, @Schema(example = "SMS") String preferredChannel) {
        static Contact of(Application app) {
            return new Contact(maskPhone(app.phone), maskEmail(app.email), app.language, app.preferredChannel);
        }

        private static String maskPhone(String phone) {
            if (phone == null || phone.length() < 11) {
                return phone == null ? null : "****";
            }
            return phone.substring(0, phone.length() - 8) + "****" + phone.substring(phone.length() - 4);
        }

        private static String maskEmail(String email) {
            if (email == null) {
                return null;
            }
            int at = email.indexOf('@');
            return at < 1 ? "***" : email.charAt(0) + "***" + email.substring(at);
        }
    }

    @Schema(description = "One step of the journey, from the event that announced it")
    public record TimelineItem(String event, String producer, Instant at, String note) {
    }

    @Schema(description = "A requirement not yet met, e.g. PHOTO or IDENTITY_DOCUMENT, and what would meet it")
    public record MissingItem(String requirement, String message) {
    }

    /** The one mapping of an application to its view: the ID number masked, the rest as the service gives it. */
    public static ApplicationView of(ApplicationService.ApplicationDetails d) {
        Application app = d.application();
        return new ApplicationView(app.id, app.status.name(), app.category.name(), app.channel.name(), app.name,
                CitizenIdNumber.mask(app.idNumber), app.sex, app.outletCode, app.regionCode, app.cardNumber, d.reasons(),
                app.submittedBy, app.employerId, Contact.of(app), app.hiredOn, app.lateRegistration, app.rosterId,
                d.materials() == null ? null : d.materials().stream().map(MaterialView::of).toList(),
                d.missing() == null ? null : d.missing().stream()
                        .map(m -> new MissingItem(m.requirement(), m.message())).toList(),
                app.createdAt, app.updatedAt,
                d.timeline() == null ? null : d.timeline().stream()
                        .map(t -> new TimelineItem(t.eventType, t.producer, t.occurredAt, t.note)).toList());
    }
}
