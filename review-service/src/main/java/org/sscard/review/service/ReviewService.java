package org.sscard.review.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.events.Topics;
import org.sscard.platform.crypto.FieldCipher;
import org.sscard.platform.id.CitizenIdNumber;
import org.sscard.platform.inbox.EventHandlers;
import org.sscard.platform.outbox.OutboxWriter;
import org.sscard.platform.problem.DomainException;
import org.sscard.platform.security.BlindIndex;
import org.sscard.review.config.ReviewConfig;
import org.sscard.review.domain.AuditEntry;
import org.sscard.review.domain.CheckResult;
import org.sscard.review.domain.Decision;
import org.sscard.review.domain.Outcome;
import org.sscard.review.domain.QueueFilter;
import org.sscard.review.domain.ReviewStatus;
import org.sscard.review.domain.ReviewTask;
import org.sscard.review.domain.SlaState;
import org.sscard.review.domain.WorkingDays;
import org.sscard.review.repository.AuditRepository;
import org.sscard.review.repository.CheckRepository;
import org.sscard.review.repository.ReviewRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Opening review cases, claiming them and deciding them; every action is audited. */
@ApplicationScoped
@Transactional
public class ReviewService implements EventHandlers.Scope {
    /**
     * The cases a consumer's batch touches, loaded once for the whole batch ({@link #beginBatch}): by application,
     * and by person (blind index of the ID number) for the one-open-case check. Cases the batch opens join them.
     */
    private record Batch(Set<UUID> applications, Map<UUID, ReviewTask> byApplication, Set<String> people,
                         Map<String, List<ReviewTask>> byPerson) {
    }

    private static final ThreadLocal<Batch> BATCH = new ThreadLocal<>();

    private final ReviewRepository reviews;
    private final AuditRepository audit;
    private final OutboxWriter outbox;
    private final Clock clock;
    private final ReviewConfig config;
    private final MeterRegistry registry;
    private final PreChecks preChecks;
    private final CheckRepository checks;
    private final ReasonCatalogue reasons;
    private final ObjectMapper mapper;
    private final FieldCipher cipher;
    private final BlindIndex index;

    public ReviewService(ReviewRepository reviews, AuditRepository audit, OutboxWriter outbox, Clock clock,
                         ReviewConfig config, MeterRegistry registry, PreChecks preChecks, CheckRepository checks,
                         ReasonCatalogue reasons, ObjectMapper mapper, FieldCipher cipher,
                         BlindIndex index) {
        this.cipher = cipher;
        this.index = index;
        this.reasons = reasons;
        this.mapper = mapper;
        this.reviews = reviews;
        this.audit = audit;
        this.outbox = outbox;
        this.clock = clock;
        this.config = config;
        this.registry = registry;
        this.preChecks = preChecks;
        this.checks = checks;
    }

    /**
     * The consumer's batch scope: loads, with two statements, the cases of the batch's applications and every case
     * of the people it submits, so that opening each case needs no query of its own.
     */
    @Override
    public void beginBatch(List<EventHandlers.Received<?>> events) {
        Set<UUID> applications = new HashSet<>();
        Set<String> people = new HashSet<>();
        for (EventHandlers.Received<?> r : events) {
            String app = null;
            if (r.payload() instanceof Payloads.ApplicationSubmitted s) {
                people.add(index.ofIdNumber(cipher.decrypt(s.idNumber())));
                app = s.applicationId();
            } else if (r.payload() instanceof Payloads.SupplementProvided p) {
                app = p.applicationId();
            } else if (r.payload() instanceof Payloads.ApplicationWithdrawn w) {
                app = w.applicationId();
            }
            if (app != null) {
                applications.add(UUID.fromString(app));
            }
        }
        Map<UUID, ReviewTask> byApplication = new HashMap<>();
        if (!applications.isEmpty()) {
            for (ReviewTask t : reviews.list("applicationId in ?1", applications)) {
                byApplication.put(t.applicationId, t);
                people.add(t.idNumberIndex); // a supplement runs the checks again
            }
        }
        Map<String, List<ReviewTask>> byPerson = new HashMap<>();
        if (!people.isEmpty()) {
            for (ReviewTask t : reviews.list("idNumberIndex in ?1", people)) {
                byPerson.computeIfAbsent(t.idNumberIndex, k -> new ArrayList<>()).add(t);
            }
        }
        BATCH.set(new Batch(applications, byApplication, people, byPerson));
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public void endBatch() {
        BATCH.remove();
    }

    /** The case of an application: from the batch's cases if it loaded them, else from the database. */
    private Optional<ReviewTask> caseOf(UUID applicationId) {
        Batch b = BATCH.get();
        if (b != null && b.applications().contains(applicationId)) {
            return Optional.ofNullable(b.byApplication().get(applicationId));
        }
        return reviews.findByApplication(applicationId);
    }

    /**
     * Whether the person has another case that counts: undecided (open, claimed, waiting for a supplement), or
     * decided and approved. Rejected and withdrawn cases do not count.
     */
    private boolean hasOtherCase(ReviewTask t) {
        Batch b = BATCH.get();
        if (b != null && b.people().contains(t.idNumberIndex)) {
            return b.byPerson().getOrDefault(t.idNumberIndex, List.of()).stream()
                    .anyMatch(o -> !o.applicationId.equals(t.applicationId)
                            && ((o.status != ReviewStatus.DECIDED && o.status != ReviewStatus.WITHDRAWN)
                            || o.outcome == Outcome.APPROVE));
        }
        return reviews.count("idNumberIndex = ?1 and applicationId <> ?2 and ((status <> ?3 and status <> ?5) or outcome = ?4)",
                t.idNumberIndex, t.applicationId, ReviewStatus.DECIDED, Outcome.APPROVE, ReviewStatus.WITHDRAWN) > 0;
    }

    /** Opens a case for a submitted application (once, however often the event arrives). */
    public void open(Payloads.ApplicationSubmitted s, Instant submittedAt) {
        UUID applicationId = UUID.fromString(s.applicationId());
        if (caseOf(applicationId).isPresent()) {
            return;
        }
        ReviewTask t = new ReviewTask();
        t.id = UUID.randomUUID();
        t.applicationId = applicationId;
        t.status = ReviewStatus.OPEN;
        t.applicantId = s.applicantId();
        t.category = s.category();
        t.channel = s.channel();
        t.name = cipher.decrypt(s.name());
        t.idNumber = cipher.decrypt(s.idNumber());
        t.idNumberIndex = index.ofIdNumber(t.idNumber);
        t.holderKeys = s.holderKeys() == null || s.holderKeys().isEmpty() ? null : String.join(",", s.holderKeys());
        t.employerId = s.employerId();
        t.outletCode = s.outletCode();
        t.regionCode = s.regionCode();
        t.submittedAt = submittedAt;
        t.materials = json(s.materials());
        t.employerRegistered = s.employerRegistered();
        t.bulk = s.rosterId() != null;
        t.dueAt = WorkingDays.addWorkingDays(submittedAt, config.slaWorkingDays(), config.holidays().orElse(List.of()));
        try {
            t.birthDate = CitizenIdNumber.birthDate(t.idNumber);
        } catch (RuntimeException e) {
            t.birthDate = null; // an invalid number; the ID check below says so
        }
        reviews.persist(t);
        Batch b = BATCH.get();
        if (b != null) {
            b.applications().add(applicationId);
            b.byApplication().put(applicationId, t);
            b.byPerson().computeIfAbsent(t.idNumberIndex, k -> new ArrayList<>()).add(t);
        }
        Instant now = clock.instant();
        audit.record(t.id, "OPENED", "system", now, "Opened on ApplicationSubmitted, due " + t.dueAt);
        registry.counter("sscard_reviews_opened_total", "category", t.category).increment();
        applyPolicy(t, s.checks(), now, true);
    }

    /**
     * Automated pre-checks, with registration's checks as {@code stated}, then the policy: a failure the applicant
     * cannot fix rejects the case, one they can fix asks for a supplement, and a clean case of an auto-approved
     * category is approved. A failure without a reason here leaves the case to a reviewer, as does anything else.
     * Every policy decision is audited as such.
     */
    private void applyPolicy(ReviewTask t, List<Payloads.CheckOutcome> stated, Instant now, boolean mayAutoApprove) {
        List<CheckResult> results = preChecks.run(t, hasOtherCase(t), stated);
        results.forEach(checks::record);
        List<String> unfixable = results.stream().filter(r -> !r.passed && !r.fixable && r.reasonCode != null)
                .map(r -> r.reasonCode).distinct().toList();
        List<String> fixable = results.stream().filter(r -> !r.passed && r.fixable).map(r -> r.reasonCode).distinct().toList();
        boolean forAReviewer = results.stream().anyMatch(r -> !r.passed && r.reasonCode == null);
        if (!unfixable.isEmpty()) {
            decideBy(t, Outcome.REJECT, unfixable, "Automated pre-checks failed", "policy:pre-checks", now);
        } else if (forAReviewer) {
            return;
        } else if (!fixable.isEmpty()) {
            decideBy(t, Outcome.REQUEST_SUPPLEMENT, fixable, "Automated pre-checks ask for more materials",
                    "policy:pre-checks", now);
        } else if (mayAutoApprove && config.autoApproveCategories().orElse(Set.of()).contains(t.category)) {
            decideBy(t, Outcome.APPROVE, List.of(), "All automated checks passed", "policy:auto-approval", now);
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ReviewCase> list(QueueFilter filter, int page, Integer size) {
        Instant now = clock.instant();
        return reviews.queue(filter, now, config.nearlyDue(), page, size == null ? config.pageSize() : size).stream()
                .map(t -> view(t, false, now)).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ReviewCase get(UUID id) {
        return view(find(id), true, clock.instant());
    }

    public ReviewCase claim(UUID id, String reviewer) {
        Instant now = clock.instant();
        if (!reviews.claim(id, reviewer, now, now.plus(config.claimTtl()))) {
            throw find(id).claimRefused();
        }
        ReviewTask t = find(id);
        audit.record(id, "CLAIMED", reviewer, now, "Claim until " + t.claimExpiresAt);
        return view(t, true, now);
    }

    public ReviewCase decide(UUID id, Decision req, String reviewer) {
        Instant now = clock.instant();
        ReviewTask t = find(id);
        t.decideAsReviewer(req, reviewer, now, reasons::requireChoosable);
        announceDecision(t, req.reasonCodes(), req.materials());
        // flush now so that a concurrent change surfaces as a 409 here, not at commit
        reviews.flush();
        return view(t, true, now);
    }

    /** Records a decision of the policy, announces it and audits it. */
    private void decideBy(ReviewTask t, Outcome outcome, List<String> codes, String comment, String decidedBy, Instant now) {
        t.decide(outcome, codes, comment, decidedBy, now);
        announceDecision(t, codes, List.of());
    }

    /** Announces the decision {@code t} records, and audits it. */
    private void announceDecision(ReviewTask t, List<String> codes, List<String> materialsAsked) {
        Outcome outcome = t.outcome;
        String comment = t.comment;
        String decidedBy = t.decidedBy;
        Instant now = t.decidedAt;
        List<Payloads.Reason> reasons = codes.stream().map(this.reasons::words).toList();
        String app = t.applicationId.toString();
        String masked = CitizenIdNumber.mask(t.idNumber);
        String topic = Topics.lane(Topics.REVIEWS, t.bulk);
        switch (outcome) {
            case APPROVE -> outbox.publish(topic, EventTypes.APPLICATION_APPROVED, app,
                    new Payloads.ApplicationApproved(app, t.id.toString(), t.applicantId, t.category,
                            cipher.encrypt(t.name), cipher.encrypt(t.idNumber), masked, t.outletCode, t.regionCode,
                            decidedBy, comment, t.employerId,
                            t.holderKeys == null ? null : List.of(t.holderKeys.split(",")), t.bulk ? true : null));
            case REJECT -> outbox.publish(topic, EventTypes.APPLICATION_REJECTED, app,
                    new Payloads.ApplicationRejected(app, t.id.toString(), t.applicantId, masked, reasons, comment, decidedBy));
            case REQUEST_SUPPLEMENT -> outbox.publish(topic, EventTypes.SUPPLEMENT_REQUESTED, app,
                    new Payloads.SupplementRequested(app, t.id.toString(), t.applicantId, masked, reasons, comment, decidedBy,
                            materialsAsked.isEmpty() ? null : materialsAsked));
        }
        boolean policy = decidedBy.startsWith("policy:");
        audit.record(t.id, policy ? "POLICY_DECIDED" : "DECIDED", decidedBy, now, outcome
                + (codes.isEmpty() ? "" : " " + codes) + (materialsAsked.isEmpty() ? "" : " materials " + materialsAsked)
                + (comment == null ? "" : ": " + comment));
        registry.counter("sscard_reviews_decided_total", "outcome", outcome.name(), "by", policy ? "policy" : "reviewer")
                .increment();
    }

    /**
     * The applicant answered a supplement request: the case opens again, and the automated checks run again on the
     * materials as they are now (which may ask again, or reject, or let policy approve).
     */
    public void supplementProvided(Payloads.SupplementProvided p) {
        caseOf(UUID.fromString(p.applicationId())).ifPresent(t -> {
            // a reviewer who asked for more sees the answer; only what the policy asked for may be auto-approved
            boolean askedByReviewer = t.supplementAskedByReviewer();
            if (!t.reopenWithSupplement(p.materials() == null ? null : json(p.materials()))) {
                return;
            }
            Instant now = clock.instant();
            audit.record(t.id, "SUPPLEMENT_RECEIVED", p.providedBy() == null ? "applicant" : p.providedBy(),
                    now, p.note() == null ? "Supplement provided" : "Supplement provided: " + p.note());
            applyPolicy(t, p.checks(), now, !askedByReviewer);
        });
    }

    private List<Payloads.MaterialInfo> materialInfos(ReviewTask t) {
        List<Payloads.MaterialInfo> reported = preChecks.materials(t);
        return reported == null ? List.of() : reported;
    }

    private String json(List<Payloads.MaterialInfo> materials) {
        try {
            return materials == null ? null : mapper.writeValueAsString(materials);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The applicant withdrew: an undecided case leaves the queue. */
    public void withdrawn(Payloads.ApplicationWithdrawn p) {
        caseOf(UUID.fromString(p.applicationId())).ifPresent(t -> {
            if (!t.withdraw()) {
                return;
            }
            audit.record(t.id, "WITHDRAWN", p.withdrawnBy() == null ? "applicant" : p.withdrawnBy(), clock.instant(),
                    p.reason() == null ? "Application withdrawn" : "Application withdrawn: " + p.reason());
        });
    }

    /** The reviewer holding a case gives it back to the queue. */
    public ReviewCase release(UUID id, String reviewer) {
        Instant now = clock.instant();
        if (!reviews.release(id, reviewer)) {
            find(id);
            throw DomainException.conflict("REVIEW_NOT_CLAIMED", "Only the reviewer holding a case can release it");
        }
        audit.record(id, "RELEASED", reviewer, now, "Released to the queue");
        return view(find(id), true, now);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AuditEntry> audit(UUID id) {
        find(id);
        return audit.forReview(id);
    }

    private ReviewTask find(UUID id) {
        return reviews.findByIdOptional(id).orElseThrow(() -> DomainException.notFound("Review " + id));
    }

    /**
     * A case as a reviewer sees it. A claim that has lapsed counts as released. The single-case view ({@code full})
     * carries the automated checks and the materials registration reported; a queue row does not.
     */
    public record ReviewCase(ReviewTask task, boolean claimLapsed, SlaState sla, List<Payloads.Reason> reasons,
                             List<CheckResult> checks, List<Payloads.MaterialInfo> materials, boolean full) {
    }

    private ReviewCase view(ReviewTask t, boolean full, Instant now) {
        boolean lapsed = t.status == ReviewStatus.CLAIMED && !t.claimExpiresAt.isAfter(now);
        List<Payloads.Reason> reasons = t.reasonCodes == null || t.reasonCodes.isEmpty() ? List.of()
                : Arrays.stream(t.reasonCodes.split(",")).map(this.reasons::words).toList();
        boolean undecided = t.status == ReviewStatus.OPEN || t.status == ReviewStatus.CLAIMED;
        return new ReviewCase(t, lapsed, undecided ? SlaState.of(t.dueAt, now, config.nearlyDue()) : null, reasons,
                full ? checks.forReview(t.id) : null, full ? materialInfos(t) : null, full);
    }
}
