package org.sscard.cardproduction.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CardStatusTest {
    @Test
    void everyLegalTransitionMovesAndEveryIllegalOneIsA409NamingTheCurrentState() {
        int legal = 0;
        int illegal = 0;
        for (CardStatus from : CardStatus.values()) {
            for (CardStatus to : CardStatus.values()) {
                Card card = new Card();
                card.status = from;
                if (from.canMoveTo(to)) {
                    card.moveTo(to, "X", Instant.EPOCH);
                    assertEquals(to, card.status);
                    legal++;
                } else {
                    var e = assertThrows(IllegalCardTransitionException.class, () -> card.moveTo(to, "X", Instant.EPOCH));
                    assertEquals(org.sscard.platform.problem.DomainException.Kind.CONFLICT, e.kind());
                    assertEquals("The card is " + from + "; it cannot become " + to, e.getMessage());
                    assertEquals(from, card.status);
                    illegal++;
                }
            }
        }
        assertEquals(CardStatus.values().length * CardStatus.values().length, legal + illegal);
    }

    @Test
    void theLifecycleOfDomainMdSection4() {
        assertEquals(EnumSet.of(CardStatus.ACTIVE, CardStatus.CANCELLED), CardStatus.ISSUED_SEALED.next());
        assertEquals(Set.of(), CardStatus.SUPERSEDED.next());
        assertEquals(Set.of(), CardStatus.CANCELLED.next());
        for (CardStatus s : CardStatus.values()) {
            if (s != CardStatus.CANCELLED && s != CardStatus.SUPERSEDED) {
                assertEquals(true, s.canMoveTo(CardStatus.CANCELLED), s + " can be cancelled");
            }
        }
        assertEquals(false, CardStatus.LOST.canMoveTo(CardStatus.ACTIVE), "a formal loss is irreversible");
        assertEquals(true, CardStatus.TEMP_LOST.canMoveTo(CardStatus.ACTIVE));
    }
}
