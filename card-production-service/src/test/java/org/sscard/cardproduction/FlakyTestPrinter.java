package org.sscard.cardproduction;

import io.quarkus.test.Mock;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.cardproduction.printer.Printer;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Test printer: fails a card named "Fails Once" on its first try and "Always Fails" on every try. */
@Mock
@ApplicationScoped
public class FlakyTestPrinter implements Printer {
    private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

    @Override
    public List<Outcome> print(Job job) {
        return job.cards().stream().map(c -> {
            if (c.name().equals("Always Fails")) {
                return Outcome.failed(c.cardNumber(), "ribbon empty");
            }
            if (c.name().equals("Fails Once") && failedOnce.add(c.cardNumber())) {
                return Outcome.failed(c.cardNumber(), "card jam");
            }
            return Outcome.printed(c.cardNumber());
        }).toList();
    }
}
