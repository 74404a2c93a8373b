package org.sscard.review.domain;

import java.util.List;

/**
 * A reviewer's decision on a claimed case: the outcome, the reason codes (at least one to reject or ask for a
 * supplement), a comment for the applicant, and for a supplement the kinds of material to supply again.
 */
public record Decision(Outcome outcome, List<String> reasonCodes, String comment, List<String> materials) {
    public Decision {
        reasonCodes = reasonCodes == null ? List.of() : reasonCodes.stream().distinct().toList();
        materials = materials == null ? List.of() : materials.stream().distinct().toList();
    }
}
