package org.sscard.registration.domain;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A change of how the applicant is reached; a field left out (null) stays as it is. The same rules as on the form
 * (ApplicationForm): a mainland mobile number, an e-mail address, zh or en, SMS or EMAIL.
 */
@Schema(name = "ContactChangeRequest", description = "The fields to change; a field left out stays as it is")
public record ContactChange(
        @Pattern(regexp = "^(\\+86)?1[3-9]\\d{9}$", message = "must be a mainland mobile number, e.g. 13800138000")
        @Schema(description = "Mobile phone number", example = "13900139000")
        String phone,
        @Size(max = 200) @Email
        @Schema(description = "E-mail address, needed for the EMAIL channel", example = "zhang.san@example.cn")
        String email,
        @Pattern(regexp = "^(zh|en)$", message = "must be zh or en")
        @Schema(description = "Language of messages to the applicant", example = "en")
        String language,
        @Pattern(regexp = "^(SMS|EMAIL)$", message = "must be SMS or EMAIL")
        @Schema(description = "How the applicant is told besides the in-app inbox", example = "EMAIL")
        String preferredChannel) {
}
