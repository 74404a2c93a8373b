package org.sscard.cardproduction.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.sscard.cardproduction.domain.BatchStatus;
import org.sscard.cardproduction.domain.Card;
import org.sscard.cardproduction.domain.PrintBatch;
import org.sscard.cardproduction.repository.BatchRepository;
import org.sscard.cardproduction.repository.CardRepository;
import org.sscard.platform.problem.DomainException;
import org.sscard.platform.security.BlindIndex;
import org.sscard.platform.security.Caller;
import org.sscard.platform.security.Roles;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Looking cards and batches up; who may see which card. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class CardService {
    private final CardRepository cards;
    private final BatchRepository batches;
    private final BlindIndex index;

    public CardService(CardRepository cards, BatchRepository batches, BlindIndex index) {
        this.cards = cards;
        this.batches = batches;
        this.index = index;
    }

    public Card get(String cardNumber, Caller caller) {
        return find(cardNumber, caller);
    }

    public List<Card> byApplication(UUID applicationId, Caller caller) {
        return cards.forApplication(applicationId).stream().filter(c -> canSee(c, caller)).toList();
    }

    public List<PrintBatch> batches(BatchStatus status, int size) {
        return batches.recent(status, size);
    }

    /** The card, if the caller may see it; otherwise 404, the same as a card that does not exist. */
    Card find(String cardNumber, Caller caller) {
        return find(cardNumber, caller, LockModeType.NONE);
    }

    /**
     * The card, locked for the rest of the transaction, if the caller may see it: a PIN try reads and counts the
     * wrong tries under this lock, so parallel guesses are evaluated one after the other and the limit holds.
     */
    Card findLocked(String cardNumber, Caller caller) {
        return find(cardNumber, caller, LockModeType.PESSIMISTIC_WRITE);
    }

    private Card find(String cardNumber, Caller caller, LockModeType lock) {
        return Optional.ofNullable(cardNumber).flatMap(n -> cards.findByIdOptional(n, lock))
                .filter(c -> canSee(c, caller))
                .orElseThrow(() -> DomainException.notFound("Card " + cardNumber));
    }

    /**
     * The outlet where a caller acting as an outlet clerk works: the token's {@code outlet} claim. A clerk acts only
     * at an outlet, so a clerk's token without one is refused; {@code null} for a caller who is not a clerk (the
     * bank, an administrator).
     */
    /** An outlet code: the issuing region, a hyphen, the outlet number (registration's registry). */
    private static final String OUTLET_CODE = "^\\d{6}-[A-Z0-9]{1,10}$";

    String counter(Caller caller) {
        if (!caller.is(Roles.OUTLET_CLERK) || caller.is(Roles.ADMIN)) {
            return null;
        }
        String outlet = caller.outlet().orElseThrow(() -> DomainException.forbidden("OUTLET_NOT_ASSIGNED",
                "An outlet clerk acts at an outlet: the token carries no outlet claim"));
        if (!outlet.matches(OUTLET_CODE)) {
            throw DomainException.forbidden("OUTLET_NOT_ASSIGNED", "The token's outlet claim is not an outlet code");
        }
        return outlet;
    }

    /** The outlet of a clerk handing {@code card} over: the card must be waiting there. */
    String counterHolding(Card card, Caller clerk) {
        String outlet = counter(clerk);
        if (outlet != null && !outlet.equals(card.outletCode)) {
            throw DomainException.forbidden("CARD_AT_ANOTHER_OUTLET", "The card waits at outlet " + card.outletCode
                    + ", not at this clerk's outlet " + outlet);
        }
        return outlet;
    }

    /**
     * Staff and the bank see every card; the holder sees their own (a guardian a child's); an employer sees the cards
     * of its staff.
     */
    boolean canSee(Card card, Caller caller) {
        return caller.isStaff() || caller.is(Roles.BANK) || isHolder(card, caller)
                || (caller.is(Roles.EMPLOYER) && caller.subject().equals(card.employerId));
    }

    /**
     * The holder is the person whose ID number the card bears, and for a child's card the guardian recorded on the
     * application, as the identity provider verified them (claim {@code id_number}, matched by its blind index):
     * never the account that happened to be named on the application. A token without a verified ID number holds
     * no card.
     */
    boolean isHolder(Card card, Caller caller) {
        return caller.is(Roles.APPLICANT) && caller.verifiedIdNumber()
                .filter(v -> card.heldBy(index.ofIdNumber(v)) || (card.holderKeys == null && v.equals(card.idNumber)))
                .isPresent();
    }
}
