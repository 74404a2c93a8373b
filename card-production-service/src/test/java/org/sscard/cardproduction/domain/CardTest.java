package org.sscard.cardproduction.domain;

import org.junit.jupiter.api.Test;
import org.sscard.platform.problem.DomainException;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The card's rules, on the aggregate alone: no database, no service, no clock but the instants given. */
class CardTest {
    private static final String HOLDER_ID = "11010519491231002X";
    private static final String PROXY_ID = "110105198001010011";
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private static final Predicate<String> ANY_VALID_ID = id -> id.length() == 18;
    /** A transparent codec: enough to test the rules, never used outside tests. */
    private static final PinCodec PLAIN = new PinCodec() {
        @Override
        public String hash(String pin) {
            return "plain$" + pin;
        }

        @Override
        public boolean matches(String pin, String stored) {
            return stored.equals("plain$" + pin);
        }
    };

    private static Card card(CardStatus status) {
        Card c = new Card();
        c.cardNumber = "A12345678";
        c.applicationId = UUID.randomUUID();
        c.idNumber = HOLDER_ID;
        c.name = "张三";
        c.status = status;
        return c;
    }

    private static DomainException refused(Runnable r) {
        return assertThrows(DomainException.class, r::run);
    }

    private static final CollectionPolicy POLICY = new CollectionPolicy(Duration.ofDays(14), Duration.ofDays(30));

    @Test
    void aWaitingCardIsRemindedOfUntilItGoesBackAndIsSentOutAgainOnRequest() {
        Card c = card(CardStatus.PRINTED);
        c.readyForCollection(T0, POLICY);
        Instant day14 = T0.plus(Duration.ofDays(14));
        c.remindedToCollect(day14, POLICY);
        assertEquals(1, c.collectionReminders);
        assertEquals(day14.plus(Duration.ofDays(14)), c.collectionDueAt);
        Instant day28 = day14.plus(Duration.ofDays(14));
        c.remindedToCollect(day28, POLICY);
        assertEquals(T0.plus(Duration.ofDays(30)), c.collectionDueAt, "the next look is the return, not a reminder after it");
        assertFalse(POLICY.dueForReturn(c.readyAt, day28));
        assertTrue(POLICY.dueForReturn(c.readyAt, c.collectionDueAt));

        c.returnUncollected(c.collectionDueAt);
        assertEquals(CardStatus.RETURNED, c.status);
        assertTrue(c.notHandedOver(), "a withdrawal still cancels a returned card");
        assertEquals("CARD_NOT_READY_FOR_COLLECTION", refused(
                () -> c.collect(new Handover(null, HOLDER_ID, null, null, null, null), "clerk", ANY_VALID_ID, T0)).code());
        assertEquals("CARD_NOT_READY_FOR_COLLECTION", refused(() -> c.remindedToCollect(T0, POLICY)).code());

        Instant back = T0.plus(Duration.ofDays(40));
        c.redispatch(back, POLICY);
        assertEquals(CardStatus.READY_FOR_COLLECTION, c.status);
        assertEquals(0, c.collectionReminders);
        assertEquals(back.plus(Duration.ofDays(14)), c.collectionDueAt);
        assertEquals("CARD_NOT_RETURNED", refused(() -> c.redispatch(back, POLICY)).code());
    }

    @Test
    void printingDatesTheCardAndAFailedPrintIsRetriedUntilTheLimit() {
        Card c = card(CardStatus.IN_BATCH);
        c.printed(T0, 10);
        assertEquals(LocalDate.parse("2026-12-01"), c.issueDate);
        assertEquals(LocalDate.parse("2036-12-01"), c.expiryDate);
        c.readyForCollection(T0, POLICY);
        assertEquals(CardStatus.READY_FOR_COLLECTION, c.status);
        assertEquals(T0.plus(Duration.ofDays(14)), c.collectionDueAt);

        Card failing = card(CardStatus.IN_BATCH);
        failing.printAttempts = 1;
        assertTrue(failing.printFailed(T0, 3));
        failing.requeue(T0);
        failing.printAttempts = 3;
        assertFalse(failing.printFailed(T0, 3));
        assertTrue(failing.printFlagged);
        assertEquals(CardStatus.PRINT_FAILED, failing.status);
    }

    @Test
    void aCardIsHandedOverOnlyOnTheHoldersIdOrToAnAuthorisedProxyOrItsEmployer() {
        assertEquals("ID_NUMBER_MISMATCH", refused(() -> card(CardStatus.READY_FOR_COLLECTION)
                .collect(new Handover(null, "110105194912310038", null, null, null, null), "clerk", ANY_VALID_ID, T0)).code());
        assertEquals(DomainException.Kind.INVALID, refused(() -> card(CardStatus.READY_FOR_COLLECTION)
                .collect(new Handover(CollectionMode.HOLDER, " ", null, null, null, null), "clerk", ANY_VALID_ID, T0)).kind());
        assertEquals("CARD_NOT_READY_FOR_COLLECTION", refused(() -> card(CardStatus.PRINTED)
                .collect(new Handover(null, HOLDER_ID, null, null, null, null), "clerk", ANY_VALID_ID, T0)).code());
        assertEquals("PROXY_ID_INVALID", refused(() -> card(CardStatus.READY_FOR_COLLECTION)
                .collect(new Handover(CollectionMode.PROXY, HOLDER_ID, HOLDER_ID, "李四", "AUTH-1", null), "clerk",
                        ANY_VALID_ID, T0)).code());
        assertEquals("AUTHORISATION_REQUIRED", refused(() -> card(CardStatus.READY_FOR_COLLECTION)
                .collect(new Handover(CollectionMode.PROXY, HOLDER_ID, PROXY_ID, "李四", null, null), "clerk",
                        ANY_VALID_ID, T0)).code());
        assertEquals("NOT_AN_EMPLOYER_CARD", refused(() -> card(CardStatus.READY_FOR_COLLECTION)
                .collect(new Handover(CollectionMode.EMPLOYER, null, null, null, null, "91350100M000100Y43"), "clerk",
                        ANY_VALID_ID, T0)).code());

        Card byProxy = card(CardStatus.READY_FOR_COLLECTION);
        byProxy.collect(new Handover(CollectionMode.PROXY, HOLDER_ID, PROXY_ID, "李四", "AUTH-1", null), "clerk-7",
                ANY_VALID_ID, T0);
        assertEquals(CardStatus.ISSUED_SEALED, byProxy.status);
        assertEquals(PROXY_ID, byProxy.proxyIdNumber);
        assertEquals("clerk-7", byProxy.collectedBy);

        Card byEmployer = card(CardStatus.READY_FOR_COLLECTION);
        byEmployer.employerId = "91350100M000100Y43";
        assertEquals("EMPLOYER_MISMATCH", refused(() -> byEmployer.collect(new Handover(CollectionMode.EMPLOYER, null,
                null, null, null, "91110000600037341L"), "clerk", ANY_VALID_ID, T0)).code());
        byEmployer.collect(new Handover(CollectionMode.EMPLOYER, null, null, null, null, "91350100M000100Y43"), "clerk",
                ANY_VALID_ID, T0);
        assertEquals(CollectionMode.EMPLOYER, byEmployer.collectionMode);
    }

    @Test
    void onlyASealedCardIsActivatedAndTheBankFunctionOnceOnAnActiveOne() {
        Card c = card(CardStatus.ISSUED_SEALED);
        assertEquals("CARD_NOT_ACTIVE", refused(() -> c.bankActivated("bank", T0)).code());
        c.activate("ONLINE", T0);
        assertEquals(CardStatus.ACTIVE, c.status);
        assertEquals("CARD_NOT_SEALED", refused(() -> c.activate("ONLINE", T0)).code());
        c.bankActivated("bank", T0);
        assertEquals("BANK_ALREADY_ACTIVATED", refused(() -> c.bankActivated("bank", T0)).code());
    }

    @Test
    void wrongPinsAreCountedSpacedAndLockTheCardAtTheLimitAndAResetLiftsTheLock() {
        Card c = card(CardStatus.ACTIVE);
        assertEquals("PIN_NOT_SET", refused(() -> c.tryPin("135790", PLAIN, 3, Duration.ofSeconds(1), T0)).code());
        assertEquals("PIN_NOT_ALLOWED", refused(() -> c.setFirstPin("123456", PLAIN, T0)).code());
        assertEquals("PIN_NOT_ALLOWED", refused(() -> c.setFirstPin("491231", PLAIN, T0)).code(), "taken from the ID");
        c.setFirstPin("135790", PLAIN, T0);
        assertEquals("PIN_ALREADY_SET", refused(() -> c.setFirstPin("246801", PLAIN, T0)).code());

        assertEquals(Card.PinTry.WRONG, c.tryPin("000001", PLAIN, 3, Duration.ofSeconds(1), T0));
        assertEquals(DomainException.Kind.TOO_SOON,
                refused(() -> c.tryPin("135790", PLAIN, 3, Duration.ofSeconds(1), T0.plusMillis(500))).kind());
        assertEquals(Card.PinTry.RIGHT, c.tryPin("135790", PLAIN, 3, Duration.ofSeconds(1), T0.plusSeconds(2)));
        assertEquals(0, c.pinFailedAttempts, "a right PIN clears the count");

        assertEquals(Card.PinTry.WRONG, c.tryPin("000001", PLAIN, 3, Duration.ofSeconds(1), T0.plusSeconds(10)));
        assertEquals(Card.PinTry.WRONG, c.tryPin("000001", PLAIN, 3, Duration.ofSeconds(1), T0.plusSeconds(20)));
        assertEquals(1, c.pinTriesLeft(3));
        assertEquals(Card.PinTry.WRONG_AND_LOCKED, c.tryPin("000001", PLAIN, 3, Duration.ofSeconds(1), T0.plusSeconds(30)));
        assertEquals(CardStatus.LOCKED, c.status);
        assertEquals("CARD_LOCKED", refused(() -> c.tryPin("135790", PLAIN, 3, Duration.ofSeconds(1), T0.plusSeconds(40))).code());

        c.resetPin("246801", PLAIN, T0.plusSeconds(50));
        c.unlock(T0.plusSeconds(50));
        assertEquals(CardStatus.ACTIVE, c.status);
        assertEquals(Card.PinTry.RIGHT, c.tryPin("246801", PLAIN, 3, Duration.ofSeconds(1), T0.plusSeconds(60)));
    }

    @Test
    void aTemporaryLossIsLiftedButAFormalOneIsFinal() {
        Card c = card(CardStatus.ACTIVE);
        c.reportTemporaryLoss("ONLINE", T0.plus(Duration.ofDays(15)), T0);
        assertEquals(CardStatus.TEMP_LOST, c.status);
        c.liftTemporaryLoss(T0);
        assertNull(c.tempLossUntil);
        assertEquals("CARD_NOT_TEMPORARILY_LOST", refused(() -> c.liftTemporaryLoss(T0)).code());

        assertEquals("ID_NUMBER_MISMATCH", refused(() -> c.reportFormalLoss(PROXY_ID, T0)).code());
        c.reportFormalLoss(" " + HOLDER_ID + " ", T0);
        assertEquals(CardStatus.LOST, c.status);
        assertTrue(refused(() -> c.moveTo(CardStatus.ACTIVE, "X", T0)) instanceof IllegalCardTransitionException);
    }

    @Test
    void aReplacementNeedsAFormalLossAnExchangeAnActiveCardAndAnExpiryExchangeWaitsForTheNoticePeriod() {
        Card active = card(CardStatus.ACTIVE);
        assertEquals("CARD_NOT_LOST", refused(() -> active.checkReplaceable(ReplacementReason.LOST, HOLDER_ID,
                LocalDate.parse("2026-12-01"), 90)).code());
        active.expiryDate = LocalDate.parse("2027-06-01");
        assertEquals("TOO_EARLY_FOR_EXPIRY_EXCHANGE", refused(() -> active.checkReplaceable(ReplacementReason.EXPIRING,
                HOLDER_ID, LocalDate.parse("2026-12-01"), 90)).code());
        active.checkReplaceable(ReplacementReason.EXPIRING, HOLDER_ID, LocalDate.parse("2027-03-05"), 90);
        active.replacementOrdered(ReplacementReason.EXPIRING, "B87654321", T0);
        assertEquals(CardStatus.EXCHANGE_PENDING, active.status);
        assertEquals("REPLACEMENT_ALREADY_REQUESTED", refused(() -> active.checkReplaceable(ReplacementReason.EXPIRING,
                HOLDER_ID, LocalDate.parse("2027-03-05"), 90)).code());

        Card lost = card(CardStatus.LOST);
        lost.checkReplaceable(ReplacementReason.LOST, HOLDER_ID, LocalDate.parse("2026-12-01"), 90);
        lost.replacementOrdered(ReplacementReason.LOST, "C11111111", T0);
        assertEquals(CardStatus.LOST, lost.status, "a lost card stays LOST until its replacement is collected");
        lost.supersede(T0);
        assertEquals(CardStatus.SUPERSEDED, lost.status);
    }

    @Test
    void aCancelledCardIsClosedAtTheBankOnceAndAWithdrawalCancelsOnlyACardNotHandedOver() {
        Card c = card(CardStatus.ACTIVE);
        assertEquals("SOCIAL_SECURITY_NOT_CANCELLED", refused(() -> c.bankCancelled(T0)).code());
        c.cancel(CancellationReason.values()[0], T0);
        c.bankCancelled(T0);
        assertEquals("BANK_ALREADY_CANCELLED", refused(() -> c.bankCancelled(T0)).code());

        Card waiting = card(CardStatus.READY_FOR_COLLECTION);
        assertEquals(CardStatus.READY_FOR_COLLECTION, waiting.cancelForWithdrawal(T0));
        assertEquals("WITHDRAWN", waiting.cancellationReason);
        assertEquals("CARD_ALREADY_HANDED_OVER", refused(() -> card(CardStatus.ISSUED_SEALED).cancelForWithdrawal(T0)).code());
    }

    @Test
    void theElectronicCardFollowsItsPhysicalCard() {
        Card c = card(CardStatus.ACTIVE);
        ElectronicCard e = ElectronicCard.issue(UUID.randomUUID(), c, "check-1", T0);
        e.requireActive();
        assertEquals(ElectronicCardStatus.SUSPENDED, e.follow(CardStatus.TEMP_LOST, T0).orElseThrow());
        assertEquals("ELECTRONIC_CARD_NOT_ACTIVE", refused(e::requireActive).code());
        assertTrue(e.follow(CardStatus.LOCKED, T0).isEmpty(), "no change, nothing to announce");
        assertEquals(ElectronicCardStatus.REVOKED, e.follow(CardStatus.CANCELLED, T0).orElseThrow());
    }
}
