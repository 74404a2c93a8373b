package org.sscard.cardproduction.printer;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.cardproduction.config.ProductionConfig;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Prints every card at once; fails a configurable share of them (default none) to exercise retries. */
@ApplicationScoped
@DefaultBean
public class SimulatedPrinter implements Printer {
    private final ProductionConfig config;

    public SimulatedPrinter(ProductionConfig config) {
        this.config = config;
    }

    @Override
    public List<Outcome> print(Job job) {
        double failureRate = config.simulatedPrinter().failureRate();
        return job.cards().stream()
                .map(c -> ThreadLocalRandom.current().nextDouble() < failureRate
                        ? Outcome.failed(c.cardNumber(), "simulated print head fault")
                        : Outcome.printed(c.cardNumber()))
                .toList();
    }
}
