package org.sscard.cardproduction.printer;

import java.util.List;
import java.util.UUID;

/**
 * The card printer (an external vendor). A vendor adapter implements this interface; the default bean is the
 * {@link SimulatedPrinter}. The printer reports each card of a batch as printed or failed.
 */
public interface Printer {

    /**
     * Prints a batch and reports each card. Called outside any database transaction; the same batch may be sent
     * again if its report never arrived, so an adapter uses {@link Job#batchId()} as the vendor's idempotency key.
     */
    List<Outcome> print(Job job);

    record Job(UUID batchId, String outletCode, String regionCode, List<CardToPrint> cards) {
    }

    /** What goes on the card face and chip. */
    record CardToPrint(String cardNumber, String identificationCode, String name, String idNumber) {
    }

    record Outcome(String cardNumber, boolean printed, String failureReason) {
        public static Outcome printed(String cardNumber) {
            return new Outcome(cardNumber, true, null);
        }

        public static Outcome failed(String cardNumber, String reason) {
            return new Outcome(cardNumber, false, reason);
        }
    }
}
