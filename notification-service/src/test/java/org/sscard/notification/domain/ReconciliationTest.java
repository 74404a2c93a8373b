package org.sscard.notification.domain;

import org.junit.jupiter.api.Test;
import org.sscard.events.EventTypes;
import org.sscard.platform.reconciliation.ApplicationState;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the four services must agree on for one application, and when a disagreement counts. */
class ReconciliationTest {
    static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    static final Instant LONG_AGO = NOW.minus(Duration.ofMinutes(30));
    static final Duration GRACE = Duration.ofMinutes(2);
    static final UUID APP = UUID.randomUUID();
    static final Set<String> COLLECTED_MESSAGES = Set.of(EventTypes.APPLICATION_SUBMITTED, EventTypes.APPLICATION_APPROVED,
            EventTypes.CARD_READY_FOR_COLLECTION, EventTypes.CARD_COLLECTED);

    static ApplicationState state(String status, String detail) {
        return new ApplicationState(APP, status, detail, LONG_AGO);
    }

    static List<String> kinds(ApplicationState registration, ApplicationState review, ApplicationState card,
                              Set<String> messages) {
        return Reconciliation.divergences(registration, new Reconciliation.Peers(true, review, true, card), messages,
                NOW, GRACE).stream().map(Reconciliation.Divergence::kind).toList();
    }

    @Test
    void aCollectedCardThatEveryServiceAgreesOnIsNoDivergence() {
        assertEquals(List.of(), kinds(state("COLLECTED", "C1"), state("DECIDED", "APPROVE"), state("ISSUED_SEALED", "C1"),
                COLLECTED_MESSAGES));
    }

    @Test
    void anApprovalRegistrationNeverHeardIsRegistrationBehindReview() {
        assertEquals(List.of("REGISTRATION_BEHIND_REVIEW"), kinds(state("SUBMITTED", null), state("DECIDED", "APPROVE"),
                null, Set.of(EventTypes.APPLICATION_SUBMITTED)));
    }

    @Test
    void anApprovalWithoutACardIsACardMissingOnlyOnceTheGracePeriodIsOver() {
        Set<String> messages = Set.of(EventTypes.APPLICATION_SUBMITTED, EventTypes.APPLICATION_APPROVED);
        assertEquals(List.of("CARD_MISSING"), kinds(state("APPROVED", null), state("DECIDED", "APPROVE"), null, messages));
        ApplicationState justNow = new ApplicationState(APP, "APPROVED", null, NOW.minusSeconds(30));
        assertEquals(List.of(), Reconciliation.divergences(justNow, new Reconciliation.Peers(true,
                state("DECIDED", "APPROVE"), true, null), messages, NOW, GRACE), "still on its way");
    }

    @Test
    void aCardReturnedUncollectedAgreesWithAnApplicationStillWaitingForIt() {
        Set<String> messages = Set.of(EventTypes.APPLICATION_SUBMITTED, EventTypes.APPLICATION_APPROVED,
                EventTypes.CARD_READY_FOR_COLLECTION);
        assertEquals(List.of(), kinds(state("READY_FOR_COLLECTION", "C1"), state("DECIDED", "APPROVE"),
                state("RETURNED", "C1"), messages));
        assertEquals(List.of("CARD_FOR_WITHDRAWN_APPLICATION"), kinds(state("WITHDRAWN", null), state("DECIDED", "APPROVE"),
                state("RETURNED", "C1"), Set.of(EventTypes.APPLICATION_SUBMITTED, EventTypes.APPLICATION_WITHDRAWN)));
    }

    @Test
    void aWithdrawnApplicationMayHaveACancelledCardButNoLiveOne() {
        Set<String> messages = Set.of(EventTypes.APPLICATION_SUBMITTED, EventTypes.APPLICATION_WITHDRAWN);
        assertEquals(List.of(), kinds(state("WITHDRAWN", null), state("DECIDED", "APPROVE"), state("CANCELLED", "C1"),
                messages));
        assertEquals(List.of("CARD_FOR_WITHDRAWN_APPLICATION"), kinds(state("WITHDRAWN", null), state("DECIDED", "APPROVE"),
                state("READY_FOR_COLLECTION", "C1"), messages));
        assertEquals(List.of("REGISTRATION_BEHIND_CARD"), kinds(state("WITHDRAWN", null), state("DECIDED", "APPROVE"),
                state("ISSUED_SEALED", "C1"), messages));
    }

    @Test
    void aStepWithoutItsMessageIsANotificationMissing() {
        List<Reconciliation.Divergence> d = Reconciliation.divergences(state("COLLECTED", "C1"), new Reconciliation.Peers(
                true, state("DECIDED", "APPROVE"), true, state("ACTIVE", "C1")), Set.of(EventTypes.APPLICATION_SUBMITTED,
                EventTypes.APPLICATION_APPROVED, EventTypes.CARD_READY_FOR_COLLECTION), NOW, GRACE);
        assertEquals(1, d.size());
        assertEquals("NOTIFICATION_MISSING", d.get(0).kind());
        assertEquals(true, d.get(0).detail().contains(EventTypes.CARD_COLLECTED), d.get(0).detail());
        assertEquals(Duration.ofMinutes(30).toSeconds(), d.get(0).ageSeconds(), "aged from the latest change");
    }

    @Test
    void aReplacementOnItsWayIsTheHoldersNewCardButACancelledNewestCardEndsTheApplication() {
        assertEquals(List.of(), kinds(state("COLLECTED", "C1"), state("DECIDED", "APPROVE"), state("IN_BATCH", "C2"),
                COLLECTED_MESSAGES));
        assertEquals(List.of("REGISTRATION_BEHIND_CARD"), kinds(state("COLLECTED", "C1"), state("DECIDED", "APPROVE"),
                state("CANCELLED", "C1"), COLLECTED_MESSAGES));
    }

    @Test
    void aServiceThatCouldNotBeReadIsLeftOutOfTheRules() {
        assertEquals(List.of(), Reconciliation.divergences(state("APPROVED", null), new Reconciliation.Peers(true,
                        state("DECIDED", "APPROVE"), false, null),
                Set.of(EventTypes.APPLICATION_SUBMITTED, EventTypes.APPLICATION_APPROVED), NOW, GRACE));
    }
}
