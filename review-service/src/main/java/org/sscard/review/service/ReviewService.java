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
import org.sscard.review.domain.CheckResult;
import org.sscard.review.domain.Outcome;
import org.sscard.review.domain.SlaState;
import org.sscard.review.domain.WorkingDays;
import org.sscard.review.repository.CheckRepository;
import org.sscard.review.rest.QueueFilter;
import org.sscard.review.domain.ReviewStatus;
import org.sscard.review.domain.ReviewTask;
import org.sscard.review.repository.AuditRepository;
import org.sscard.review.repository.ReviewRepository;
import org.sscard.review.rest.AuditView;
import org.sscard.review.rest.DecisionRequest;
import org.sscard.review.rest.ReviewView;

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
        applyPolicy(t, now, true);
    }

    /**
     * Automated pre-checks, then the policy: a failure the applicant cannot fix rejects the case, one they can fix
     * asks for a supplement, and a clean case of an auto-approved category is approved. Anything else waits for a
     * reviewer. Every policy decision is audited as such.
     */
    private void applyPolicy(ReviewTask t, Instant now, boolean mayAutoApprove) {
        List<CheckResult> results = preChecks.run(t, hasOtherCase(t));
        results.forEach(checks::record);
        List<String> unfixable = results.stream().filter(r -> !r.passed && !r.fixable).map(r -> r.reasonCode).distinct().toList();
        List<String> fixable = results.stream().filter(r -> !r.passed && r.fixable).map(r -> r.reasonCode).distinct().toList();
        if (!unfixable.isEmpty()) {
            decideBy(t, Outcome.REJECT, unfixable, "Automated pre-checks failed", "policy:pre-checks", now);
        } else if (!fixable.isEmpty()) {
            decideBy(t, Outcome.REQUEST_SUPPLEMENT, fixable, "Automated pre-checks ask for more materials",
                    "policy:pre-checks", now);
        } else if (mayAutoApprove && config.autoApproveCategories().orElse(Set.of()).contains(t.category)) {
            decideBy(t, Outcome.APPROVE, List.of(), "All automated checks passed", "policy:auto-approval", now);
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ReviewView> list(QueueFilter filter, int page, Integer size) {
        Instant now = clock.instant();
        return reviews.queue(filter, now, config.nearlyDue(), page, size == null ? config.pageSize() : size).stream()
                .map(t -> view(t, false, now)).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ReviewView get(UUID id) {
        return view(find(id), true, clock.instant());
    }

    public ReviewView claim(UUID id, String reviewer) {
        Instant now = clock.instant();
        if (!reviews.claim(id, reviewer, now, now.plus(config.claimTtl()))) {
            ReviewTask t = find(id);
            throw switch (t.status) {
                case DECIDED -> DomainException.conflict("REVIEW_ALREADY_DECIDED", "This case is already decided");
                case SUPPLEMENT_REQUESTED -> DomainException.conflict("REVIEW_AWAITING_SUPPLEMENT",
                        "This case waits for supplementary materials from the applicant");
                case WITHDRAWN -> DomainException.conflict("APPLICATION_WITHDRAWN", "The applicant withdrew this application");
                default -> DomainException.conflict("REVIEW_CLAIMED_BY_OTHER",
                        "Another reviewer holds this case until " + t.claimExpiresAt);
            };
        }
        ReviewTask t = find(id);
        audit.record(id, "CLAIMED", reviewer, now, "Claim until " + t.claimExpiresAt);
        return view(t, true, now);
    }

    public ReviewView decide(UUID id, DecisionRequest req, String reviewer) {
        Instant now = clock.instant();
        ReviewTask t = find(id);
        if (t.status == ReviewStatus.DECIDED) {
            throw DomainException.conflict("REVIEW_ALREADY_DECIDED", "This case is already decided: " + t.outcome);
        }
        if (t.status == ReviewStatus.WITHDRAWN) {
            throw DomainException.conflict("APPLICATION_WITHDRAWN", "The applicant withdrew this application");
        }
        if (t.status != ReviewStatus.CLAIMED || !reviewer.equals(t.claimedBy) || !t.claimExpiresAt.isAfter(now)) {
            throw DomainException.conflict("REVIEW_NOT_CLAIMED",
                    "Claim the case before deciding it (POST /api/v1/reviews/" + id + "/claim)");
        }
        List<String> codes = req.reasonCodes() == null ? List.of() : req.reasonCodes().stream().distinct().toList();
        reasons.requireChoosable(codes);
        if (req.outcome() != Outcome.APPROVE && codes.isEmpty()) {
            throw DomainException.breaksRule("REASON_REQUIRED",
                    "A rejection or supplement request needs at least one reason code");
        }
        List<String> named = req.materials() == null ? List.of()
                : req.materials().stream().map(Enum::name).distinct().toList();
        if (!named.isEmpty() && req.outcome() != Outcome.REQUEST_SUPPLEMENT) {
            throw DomainException.breaksRule("MATERIALS_ONLY_FOR_SUPPLEMENT",
                    "Materials are named only when asking for a supplement");
        }
        decideBy(t, req.outcome(), codes, req.comment(), reviewer, now, named);
        // flush now so that a concurrent change surfaces as a 409 here, not at commit
        reviews.flush();
        return view(t, true, now);
    }

    /** Records a decision (a reviewer's or the policy's), announces it and audits it. */
    private void decideBy(ReviewTask t, Outcome outcome, List<String> codes, String comment, String decidedBy, Instant now) {
        decideBy(t, outcome, codes, comment, decidedBy, now, List.of());
    }

    private void decideBy(ReviewTask t, Outcome outcome, List<String> codes, String comment, String decidedBy, Instant now,
                          List<String> materialsAsked) {
        List<Payloads.Reason> reasons = codes.stream().map(this.reasons::words).toList();
        t.outcome = outcome;
        t.reasonCodes = String.join(",", codes);
        t.comment = comment;
        t.decidedBy = decidedBy;
        t.decidedAt = now;
        t.claimedBy = null;
        t.claimExpiresAt = null;
        t.status = outcome == Outcome.REQUEST_SUPPLEMENT ? ReviewStatus.SUPPLEMENT_REQUESTED : ReviewStatus.DECIDED;
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
            if (t.status != ReviewStatus.SUPPLEMENT_REQUESTED) {
                return;
            }
            // a reviewer who asked for more sees the answer; only what the policy asked for may be auto-approved
            boolean askedByReviewer = t.decidedBy != null && !t.decidedBy.startsWith("policy:");
            t.status = ReviewStatus.OPEN;
            t.outcome = null;
            t.decidedBy = null;
            t.decidedAt = null;
            if (p.materials() != null) {
                t.materials = json(p.materials());
            }
            Instant now = clock.instant();
            audit.record(t.id, "SUPPLEMENT_RECEIVED", p.providedBy() == null ? "applicant" : p.providedBy(),
                    now, p.note() == null ? "Supplement provided" : "Supplement provided: " + p.note());
            applyPolicy(t, now, !askedByReviewer);
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
            if (t.status == ReviewStatus.DECIDED || t.status == ReviewStatus.WITHDRAWN) {
                return;
            }
            t.status = ReviewStatus.WITHDRAWN;
            t.claimedBy = null;
            t.claimExpiresAt = null;
            audit.record(t.id, "WITHDRAWN", p.withdrawnBy() == null ? "applicant" : p.withdrawnBy(), clock.instant(),
                    p.reason() == null ? "Application withdrawn" : "Application withdrawn: " + p.reason());
        });
    }

    /** The reviewer holding a case gives it back to the queue. */
    public ReviewView release(UUID id, String reviewer) {
        Instant now = clock.instant();
        if (!reviews.release(id, reviewer)) {
            find(id);
            throw DomainException.conflict("REVIEW_NOT_CLAIMED", "Only the reviewer holding a case can release it");
        }
        audit.record(id, "RELEASED", reviewer, now, "Released to the queue");
        return view(find(id), true, now);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AuditView> audit(UUID id) {
        find(id);
        return audit.forReview(id).stream().map(a -> new AuditView(a.action, a.actor, a.at, a.detail)).toList();
    }

    private ReviewTask find(UUID id) {
        return reviews.findByIdOptional(id).orElseThrow(() -> DomainException.notFound("Review " + id));
    }

    private ReviewView view(ReviewTask t, boolean full, Instant now) {
        boolean expired = t.status == ReviewStatus.CLAIMED && !t.claimExpiresAt.isAfter(now);
        List<Payloads.Reason> reasons = t.reasonCodes == null || t.reasonCodes.isEmpty() ? List.of()
                : Arrays.stream(t.reasonCodes.split(",")).map(this.reasons::words).toList();
        boolean undecided = t.status == ReviewStatus.OPEN || t.status == ReviewStatus.CLAIMED;
        List<ReviewView.Check> checkViews = full ? checks.forReview(t.id).stream()
                .map(c -> new ReviewView.Check(c.check, c.passed, c.fixable, c.reasonCode, c.detail)).toList() : null;
        return new ReviewView(t.id, t.applicationId, expired ? ReviewStatus.OPEN.name() : t.status.name(),
                t.category, t.channel, t.name, full ? t.idNumber : null, CitizenIdNumber.mask(t.idNumber),
                t.outletCode, t.regionCode, t.submittedAt, t.dueAt,
                undecided ? SlaState.of(t.dueAt, now, config.nearlyDue()).name() : null,
                expired ? null : t.claimedBy, expired ? null : t.claimExpiresAt,
                t.outcome == null ? null : t.outcome.name(), reasons, t.comment, t.decidedBy, t.decidedAt, checkViews,
                full ? materialInfos(t) : null);
    }
}
