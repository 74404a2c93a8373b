package org.sscard.registration.domain;

import org.junit.jupiter.api.Test;
import org.sscard.events.MaterialKind;
import org.sscard.platform.problem.DomainException;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An application's rules, on the aggregate alone. */
class ApplicationTest {
    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

    private static Application in(ApplicationStatus status) {
        Application a = new Application();
        a.status = status;
        return a;
    }

    @Test
    void aDraftIsSubmittedOnlyWithEveryRequiredMaterialAndTheRefusalNamesWhatIsMissing() {
        Application draft = in(ApplicationStatus.DRAFT);
        var missing = List.of(new RequiredMaterials.Missing("PHOTO", List.of(List.of(MaterialKind.PHOTO)), "a photo"));
        DomainException e = assertThrows(DomainException.class, () -> draft.submit(missing, NOW));
        assertEquals("MATERIALS_MISSING", e.code());
        assertEquals("PHOTO", e.errors().get(0).field());
        assertEquals(ApplicationStatus.DRAFT, draft.status);

        draft.submit(List.of(), NOW);
        assertEquals(ApplicationStatus.SUBMITTED, draft.status);
        assertEquals(NOW, draft.updatedAt);
        assertEquals("NOT_A_DRAFT", assertThrows(DomainException.class, () -> draft.submit(List.of(), NOW)).code());
    }

    @Test
    void aWithdrawalIsAllowedUntilProductionStarts() {
        for (ApplicationStatus s : ApplicationStatus.values()) {
            Application a = in(s);
            if (Application.WITHDRAWABLE.contains(s)) {
                a.withdraw(NOW);
                assertEquals(ApplicationStatus.WITHDRAWN, a.status);
            } else {
                assertEquals("APPLICATION_NOT_WITHDRAWABLE",
                        assertThrows(DomainException.class, () -> a.withdraw(NOW)).code(), s.name());
                assertEquals(s, a.status);
            }
        }
        assertFalse(Application.WITHDRAWABLE.contains(ApplicationStatus.IN_PRODUCTION));
    }

    @Test
    void aSupplementAnswersOnlyARequestAndEventsMoveTheJourneyForwardOnly() {
        assertEquals("NO_SUPPLEMENT_REQUESTED", assertThrows(DomainException.class,
                () -> in(ApplicationStatus.SUBMITTED).supplementProvided(NOW)).code());
        Application a = in(ApplicationStatus.SUPPLEMENT_REQUESTED);
        a.supplementProvided(NOW);
        assertEquals(ApplicationStatus.UNDER_REVIEW, a.status);

        assertTrue(a.advanceTo(ApplicationStatus.APPROVED, NOW));
        assertFalse(a.advanceTo(ApplicationStatus.UNDER_REVIEW, NOW), "a late event never moves it back");
        Application withdrawn = in(ApplicationStatus.WITHDRAWN);
        assertTrue(withdrawn.advanceTo(ApplicationStatus.COLLECTED, NOW), "the card reached its holder first");
    }
}
