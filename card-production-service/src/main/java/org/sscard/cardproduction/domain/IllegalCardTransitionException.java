package org.sscard.cardproduction.domain;

import org.sscard.platform.rest.ProblemException;

/** 409 with the card's current state. */
public class IllegalCardTransitionException extends ProblemException {
    public IllegalCardTransitionException(String code, CardStatus current, CardStatus wanted) {
        super(409, code, "The card is " + current + "; it cannot become " + wanted);
    }
}
