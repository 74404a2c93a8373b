package org.sscard.registration.domain;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The form of an application, whichever way it comes: a person's or a clerk's JSON or multipart request, or a roster
 * row. Its constraints are the one validation of every path; the REST contract names it SubmitApplicationRequest.
 */
@Schema(name = "SubmitApplicationRequest", description = "A new application for a social security card, submitted at once")
public record ApplicationForm(
        @NotNull @Schema(description = "Applicant category (docs/domain.md, section 1)", required = true, example = "RESIDENT")
        ApplicantCategory category,
        @NotBlank @Size(max = 50)
        @Pattern(regexp = "^[\\p{L}][\\p{L}\\p{M}·.' \\-]*$", message = "may contain only letters, spaces, middle dots, apostrophes and hyphens")
        @Schema(description = "Full name as on the ID document", required = true, example = "张三")
        String name,
        @NotBlank @CitizenId
        @Schema(description = "Citizen identity number (GB 11643) or foreigner permanent-residence ID", required = true, example = "11010519491231002X")
        String idNumber,
        @NotBlank @Pattern(regexp = "^(\\+86)?1[3-9]\\d{9}$", message = "must be a mainland mobile number, e.g. 13800138000")
        @Schema(description = "Mobile phone number", required = true, example = "13800138000")
        String phone,
        @NotBlank @Pattern(regexp = "^\\d{6}-[A-Z0-9]{1,10}$", message = "must be a region code and outlet number, e.g. 110105-001")
        @Schema(description = "Collection outlet: 6-digit issuing region code, a hyphen and the outlet number", required = true, example = "110105-001")
        String outletCode,
        @Schema(description = "Channel; defaults from the caller's role (ONLINE for applicants, EMPLOYER for employers, AGENCY_WINDOW for clerks)")
        Channel channel,
        @Pattern(regexp = "^(zh|en)$", message = "must be zh or en")
        @Schema(description = "Language of messages to the applicant", example = "zh", defaultValue = "zh")
        String language,
        @Size(max = 100) @Pattern(regexp = "^[A-Za-z0-9._@:-]+$", message = "must be an account subject")
        @Schema(description = "Staff and employer submissions: the applicant's own account, so they can follow it online")
        String applicantId,
        @Pattern(regexp = "^(SMS|EMAIL)$", message = "must be SMS or EMAIL")
        @Schema(description = "How the applicant wants to be told, besides the in-app inbox; default SMS", defaultValue = "SMS")
        String preferredChannel,
        @Size(max = 200) @jakarta.validation.constraints.Email
        @Schema(description = "E-mail address, needed for the EMAIL channel") String email,
        @Pattern(regexp = "^(MALE|FEMALE)$", message = "must be MALE or FEMALE")
        @Schema(description = "Optional; when given it must match the sex the ID number encodes") String sex,
        @Size(max = 50)
        @Pattern(regexp = "^[\\p{L}][\\p{L}\\p{M}·.' \\-]*$", message = "may contain only letters, spaces, middle dots, apostrophes and hyphens")
        @Schema(description = "Applicants under 16 (and CHILD): the guardian who applies") String guardianName,
        @CitizenId @Schema(description = "Applicants under 16 (and CHILD): the guardian's ID number") String guardianIdNumber,
        @Size(max = 18) @Schema(description = "INDIVIDUAL_BUSINESS: unified social credit code of the business (GB 32100)",
                example = "91350100M000100Y43") String businessCreditCode,
        @Schema(description = "EMPLOYEE: date of hire; more than 30 days before submission flags the registration late "
                + "(Social Insurance Law art. 58)", example = "2026-11-02") java.time.LocalDate hiredOn,
        @Size(max = 18) @Schema(description = "EMPLOYEE submitted by a clerk: the employer's unified social credit code "
                + "(an employer submitting is the employer itself)", example = "91350100M000100Y43") String employerCreditCode) {

    /** The data-only form of an application, as a roster row or a counter form gives it. */
    public ApplicationForm(ApplicantCategory category, String name, String idNumber, String phone,
                                    String outletCode, Channel channel) {
        this(category, name, idNumber, phone, outletCode, channel, null, null, null, null, null, null, null, null, null, null);
    }
}
