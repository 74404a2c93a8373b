package org.sscard.cardproduction.service;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import org.sscard.cardproduction.config.CardConfig;
import org.sscard.cardproduction.config.ProductionConfig;
import org.sscard.cardproduction.domain.BatchStatus;
import org.sscard.cardproduction.domain.Card;
import org.sscard.cardproduction.domain.CardStatus;
import org.sscard.cardproduction.domain.CollectionPolicy;
import org.sscard.cardproduction.domain.PrintBatch;
import org.sscard.cardproduction.printer.Printer;
import org.sscard.cardproduction.repository.BatchRepository;
import org.sscard.cardproduction.repository.CardRepository;
import org.sscard.cardproduction.repository.WithdrawnApplicationRepository;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.platform.crypto.FieldCipher;
import org.sscard.platform.inbox.EventHandlers;
import org.sscard.platform.security.BlindIndex;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Turns approved applications into cards, groups them into print batches and runs batches through the printer. */
@ApplicationScoped
@Transactional
public class ProductionService implements EventHandlers.Scope {
    private static final Logger LOG = Logger.getLogger(ProductionService.class);

    /**
     * What a consumer's batch of approvals needs, loaded at its start ({@link #beginBatch}): its applications locked,
     * their cards, which of them were withdrawn, free card numbers, and each outlet's open print batch once used.
     */
    private record Batch(Set<UUID> applications, Map<UUID, List<Card>> cards, Set<UUID> withdrawn,
                         Deque<String> freeNumbers, Map<String, PrintBatch> openBatches) {
    }

    private static final ThreadLocal<Batch> BATCH = new ThreadLocal<>();

    private final CardRepository cards;
    private final BatchRepository batches;
    private final Printer printer;
    private final ProductionConfig config;
    private final Clock clock;
    private final MeterRegistry registry;
    private final CardEvents events;
    private final FieldCipher cipher;
    private final BlindIndex index;
    private final WithdrawnApplicationRepository withdrawals;
    private final CollectionPolicy collection;

    public ProductionService(CardRepository cards, BatchRepository batches, Printer printer,
                             ProductionConfig config, Clock clock, MeterRegistry registry, CardEvents events,
                             FieldCipher cipher, BlindIndex index, WithdrawnApplicationRepository withdrawals,
                             CardConfig cardConfig) {
        this.withdrawals = withdrawals;
        this.collection = cardConfig.collectionPolicy();
        this.cipher = cipher;
        this.index = index;
        this.cards = cards;
        this.batches = batches;
        this.printer = printer;
        this.config = config;
        this.clock = clock;
        this.registry = registry;
        this.events = events;
    }

    /**
     * Creates the card of an approved application and puts it into its outlet's open batch (once). An application
     * withdrawn before its approval arrived gets no card.
     */
    public void startProduction(Payloads.ApplicationApproved approved) {
        UUID applicationId = UUID.fromString(approved.applicationId());
        Batch b = BATCH.get();
        boolean prepared = b != null && b.applications().contains(applicationId);
        if (!prepared) {
            cards.lockApplication(applicationId);
        }
        List<Card> existing = prepared ? b.cards().computeIfAbsent(applicationId, k -> new ArrayList<>())
                : cards.forApplication(applicationId);
        if (!existing.isEmpty()) {
            return;
        }
        if (prepared ? b.withdrawn().contains(applicationId) : withdrawals.isWithdrawn(applicationId)) {
            LOG.infof("Application %s was withdrawn before its approval arrived: no card is made", applicationId);
            registry.counter("sscard_cards_not_made_total", "reason", "WITHDRAWN").increment();
            return;
        }
        Card card = new Card();
        card.applicationId = applicationId;
        card.applicantId = approved.applicantId();
        card.employerId = approved.employerId();
        card.name = cipher.decrypt(approved.name()); // sealed on the bus, sealed again at rest by the entity
        card.idNumber = cipher.decrypt(approved.idNumber());
        // who holds it: the person and a child's guardian, as registration stated them; or, not told, the person
        card.holderKeys = String.join(",", approved.holderKeys() != null && !approved.holderKeys().isEmpty()
                ? approved.holderKeys() : List.of(index.ofIdNumber(card.idNumber)));
        card.outletCode = approved.outletCode();
        card.regionCode = approved.regionCode();
        card.bulk = Boolean.TRUE.equals(approved.bulk());
        produce(card);
        existing.add(card); // a second approval of it in the same batch makes no second card
    }

    /**
     * The consumer's batch scope for approvals: locks the batch's applications (in id order, with one statement),
     * loads their cards and withdrawals with one query each, and draws the card numbers it may need, checked
     * against the existing ones with one query.
     */
    @Override
    public void beginBatch(List<EventHandlers.Received<?>> events) {
        Set<UUID> ids = new java.util.TreeSet<>();
        for (EventHandlers.Received<?> r : events) {
            if (r.payload() instanceof Payloads.ApplicationApproved a) {
                ids.add(UUID.fromString(a.applicationId()));
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        List<UUID> sorted = List.copyOf(ids);
        cards.lockApplications(sorted);
        Set<String> numbers = new LinkedHashSet<>();
        while (numbers.size() < sorted.size()) {
            numbers.add(CardNumbers.cardNumber());
        }
        numbers.removeAll(cards.taken(numbers));
        BATCH.set(new Batch(new HashSet<>(sorted), cards.forApplications(sorted), withdrawals.withdrawn(sorted),
                new ArrayDeque<>(numbers), new HashMap<>()));
    }

    @Override
    public void endBatch() {
        BATCH.remove();
    }

    /**
     * The applicant withdrew the application. Registration allows it until production starts there, but card
     * production may be ahead of what registration has heard, and the withdrawal may arrive before or after the
     * approval: it is remembered (an approval arriving later makes no card), and a card that has not reached its
     * holder is cancelled, wherever it is on its way (an outlet holding it destroys it). A card already handed over
     * stays: the holder has it, and registration learns so from its CardCollected.
     */
    public void withdrawn(Payloads.ApplicationWithdrawn withdrawn, Instant withdrawnAt) {
        UUID applicationId = UUID.fromString(withdrawn.applicationId());
        cards.lockApplication(applicationId);
        withdrawals.record(applicationId, withdrawnAt, clock.instant());
        for (Card card : cards.forApplication(applicationId)) {
            if (card.notHandedOver()) {
                CardStatus previous = card.cancelForWithdrawal(clock.instant());
                events.publish(EventTypes.CARD_CANCELLED, card, previous, CardEvents.Detail.reason("WITHDRAWN"));
                LOG.infof("Card %s (%s) cancelled: its application was withdrawn", card.cardNumber, previous);
            } else if (card.status != CardStatus.CANCELLED) {
                LOG.warnf("Application %s withdrawn after card %s was handed over (%s); the card stays with its holder",
                        applicationId, card.cardNumber, card.status);
            }
        }
    }

    /**
     * A replacement or exchange: a new card with a new number for the same holder goes through production;
     * the old card becomes SUPERSEDED when the new one is collected. It is collected at {@code outlet}, where it was
     * asked for, and issued by that outlet's region.
     */
    public Card produceReplacement(Card old, String reason, int fee, String outlet) {
        Card card = new Card();
        card.applicationId = old.applicationId;
        card.applicantId = old.applicantId;
        card.employerId = old.employerId;
        card.name = old.name;
        card.idNumber = old.idNumber;
        card.holderKeys = old.holderKeys;
        card.outletCode = outlet;
        card.regionCode = outlet.equals(old.outletCode) ? old.regionCode : outlet.substring(0, 6);
        card.bulk = old.bulk;
        card.replacesCardNumber = old.cardNumber;
        card.replacementReason = reason;
        card.fee = fee;
        produce(card);
        return card;
    }

    private void produce(Card card) {
        Instant now = clock.instant();
        card.cardNumber = uniqueCardNumber();
        card.identificationCode = CardNumbers.identificationCode(card.regionCode);
        card.status = CardStatus.IN_BATCH;
        card.createdAt = now;
        card.updatedAt = now;
        PrintBatch batch = addToOpenBatch(card, now);
        cards.persist(card);
        events.productionStarted(card, batch);
        registry.counter("sscard_cards_created_total").increment();
    }

    private String uniqueCardNumber() {
        Batch b = BATCH.get();
        if (b != null && !b.freeNumbers().isEmpty()) {
            return b.freeNumbers().poll();
        }
        for (int i = 0; i < 10; i++) {
            String n = CardNumbers.cardNumber();
            if (cards.findByIdOptional(n).isEmpty()) {
                return n;
            }
        }
        throw new IllegalStateException("no free card number after 10 tries");
    }

    private PrintBatch addToOpenBatch(Card card, Instant now) {
        // in a consumer's batch, the outlet's open print batch is locked and read once, then kept (until it closes)
        Batch scope = BATCH.get();
        PrintBatch known = scope == null ? null : scope.openBatches().get(card.outletCode);
        PrintBatch batch = known != null && known.is(BatchStatus.OPEN) ? known
                : batches.openForOutlet(card.outletCode).orElseGet(() -> {
                    PrintBatch b = PrintBatch.open(card.outletCode, card.regionCode, now);
                    batches.persist(b);
                    return b;
                });
        if (scope != null) {
            scope.openBatches().put(card.outletCode, batch);
        }
        batch.take(card, config.batchMaxSize(), now);
        return batch;
    }

    /** Closes open batches older than the configured age; returns how many. */
    public int closeAgedBatches() {
        Instant now = clock.instant();
        List<UUID> due = batches.openOlderThan(now.minus(config.batchMaxAge()));
        for (UUID id : due) {
            batches.findByIdOptional(id).filter(b -> b.is(BatchStatus.OPEN)).ifPresent(b -> b.close("TIME", now));
        }
        return due.size();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<UUID> closedBatches() {
        return batches.closedIds();
    }

    /**
     * Takes the print lease of a closed batch, or of one whose report has not come back within the print timeout, and
     * returns the job for the printer; null when there is nothing to send or another sending's lease runs. The row
     * lock serialises instances deciding at the same moment. The printer itself is called outside any transaction,
     * with the batch id as the vendor's idempotency key, so a rollback here can never print a card twice.
     */
    public Printer.Job startPrinting(UUID batchId) {
        PrintBatch batch = batches.findById(batchId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (batch == null || !batch.leaseForPrinting(clock.instant(), config.printTimeout())) {
            return null;
        }
        List<Card> toPrint = cards.inBatch(batchId, CardStatus.IN_BATCH);
        return new Printer.Job(batch.id, batch.outletCode, batch.regionCode,
                toPrint.stream().map(c -> new Printer.CardToPrint(c.cardNumber, c.identificationCode, c.name, c.idNumber))
                        .toList());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<UUID> printingStuckSince(Instant cutoff) {
        return batches.printingSince(cutoff);
    }

    /**
     * Records the printer's report for a batch: a printed card is dispatched and ready for collection; a failed
     * one goes into a later batch, or is flagged after too many tries. A report for a batch already done is
     * ignored, so a re-sent batch is never recorded twice.
     */
    public void recordOutcomes(UUID batchId, List<Printer.Outcome> outcomes) {
        PrintBatch batch = batches.findById(batchId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (batch == null || !batch.is(BatchStatus.PRINTING)) {
            return;
        }
        Map<String, Card> byNumber = cards.inBatch(batchId, CardStatus.IN_BATCH).stream()
                .collect(Collectors.toMap(c -> c.cardNumber, Function.identity()));
        Instant now = clock.instant();
        for (Printer.Outcome outcome : outcomes) {
            Card card = byNumber.remove(outcome.cardNumber());
            if (card == null) {
                continue; // the printer reported a card that is not (or no longer) waiting in this batch
            }
            card.printAttempts++;
            if (outcome.printed()) {
                printed(card, batch, now);
            } else {
                failed(card, batch, outcome.failureReason(), now);
            }
        }
        // Cards the printer did not report count as failed, so none is left behind.
        for (Card card : byNumber.values()) {
            card.printAttempts++;
            failed(card, batch, "not reported by the printer", now);
        }
        batch.done(now);
    }

    private void printed(Card card, PrintBatch batch, Instant now) {
        card.printed(now, config.validityYears());
        batch.printedCount++;
        events.printed(card, batch);
        registry.counter("sscard_cards_printed_total").increment();
        // Dispatch to the collection outlet, or to the employer for its staff.
        events.publish(EventTypes.CARD_DISPATCHED, card, CardStatus.PRINTED,
                CardEvents.Detail.reason(card.employerId != null ? "TO_EMPLOYER" : "TO_OUTLET"));
        card.readyForCollection(now, collection);
        events.readyForCollection(card);
    }

    private void failed(Card card, PrintBatch batch, String reason, Instant now) {
        boolean retry = card.printFailed(now, config.maxPrintAttempts());
        batch.failedCount++;
        registry.counter("sscard_cards_print_failed_total").increment();
        events.publish(EventTypes.CARD_PRINT_FAILED, card, CardStatus.IN_BATCH,
                new CardEvents.Detail(retry ? "RETRY_IN_LATER_BATCH" : "FLAGGED_FOR_OPERATORS", null, null, null, null));
        if (retry) {
            card.requeue(now);
            addToOpenBatch(card, now);
        } else {
            registry.counter("sscard_cards_print_flagged_total").increment();
            LOG.warnf("Card %s failed to print %d times and is flagged for operators: %s", card.cardNumber,
                    card.printAttempts, reason);
        }
    }
}
