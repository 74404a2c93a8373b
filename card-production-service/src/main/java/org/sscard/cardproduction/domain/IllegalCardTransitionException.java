package org.sscard.cardproduction.domain;

import org.sscard.platform.problem.DomainException;

/** The card's state machine does not allow the change: a conflict that names the card's current state. */
public class IllegalCardTransitionException extends DomainException {
    public IllegalCardTransitionException(String code, CardStatus current, CardStatus wanted) {
        super(Kind.CONFLICT, code, "The card is " + current + "; it cannot become " + wanted);
    }
}
