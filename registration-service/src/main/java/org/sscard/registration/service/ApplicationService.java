package org.sscard.registration.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.hibernate.exception.ConstraintViolationException;
import org.sscard.events.EventEnvelope;
import org.sscard.events.EventTypes;
import org.sscard.events.MaterialKind;
import org.sscard.events.Payloads;
import org.sscard.events.Topics;
import org.sscard.platform.crypto.FieldCipher;
import org.sscard.platform.id.CitizenIdNumber;
import org.sscard.platform.outbox.OutboxWriter;
import org.sscard.platform.problem.DomainException;
import org.sscard.platform.problem.FieldError;
import org.sscard.platform.security.BlindIndex;
import org.sscard.platform.security.Caller;
import org.sscard.platform.security.Roles;
import org.sscard.registration.config.MaterialsConfig;
import org.sscard.registration.config.RegistrationConfig;
import org.sscard.registration.domain.ApplicantCategory;
import org.sscard.registration.domain.Application;
import org.sscard.registration.domain.ApplicationForm;
import org.sscard.registration.domain.ApplicationStatus;
import org.sscard.registration.domain.Channel;
import org.sscard.registration.domain.ContactChange;
import org.sscard.registration.domain.Material;
import org.sscard.registration.domain.RequiredMaterials;
import org.sscard.registration.domain.TimelineEntry;
import org.sscard.registration.repository.ApplicationRepository;
import org.sscard.registration.repository.TimelineRepository;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Submitting applications and answering who may see them. */
@ApplicationScoped
@Transactional
public class ApplicationService {
    private static final TypeReference<List<Payloads.Reason>> REASONS = new TypeReference<>() {
    };

    private final ApplicationRepository applications;
    private final TimelineRepository timeline;
    private final OutboxWriter outbox;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final RegistrationConfig config;
    private final MeterRegistry registry;
    private final EmployerService employers;
    private final MaterialService materials;
    private final MaterialsConfig materialsConfig;
    private final BlindIndex index;
    private final FieldCipher cipher;
    private final SubmissionChecks checks;
    private final OutletService outlets;

    public ApplicationService(ApplicationRepository applications, TimelineRepository timeline, OutboxWriter outbox,
                              Clock clock, ObjectMapper mapper, RegistrationConfig config, MeterRegistry registry,
                              EmployerService employers, MaterialService materials, MaterialsConfig materialsConfig,
                              BlindIndex index, FieldCipher cipher, SubmissionChecks checks, OutletService outlets) {
        this.checks = checks;
        this.outlets = outlets;
        this.index = index;
        this.cipher = cipher;
        this.employers = employers;
        this.materials = materials;
        this.materialsConfig = materialsConfig;
        this.applications = applications;
        this.timeline = timeline;
        this.outbox = outbox;
        this.clock = clock;
        this.mapper = mapper;
        this.config = config;
        this.registry = registry;
    }

    /**
     * The one-shot form without files (counter intake, the first API): recorded as SUBMITTED and announced at once,
     * with the materials it still lacks listed; review asks for them (MATERIALS_COMPLETE).
     */
    public ApplicationDetails submit(ApplicationForm req, Caller caller) {
        Application app = create(req, caller, ApplicationStatus.SUBMITTED);
        return announceSubmitted(app, List.of(), caller); // all its materials are to follow
    }

    /** A draft to which materials are attached before it is submitted. */
    public ApplicationDetails createDraft(ApplicationForm req, Caller caller) {
        return view(create(req, caller, ApplicationStatus.DRAFT));
    }

    /** Submits a draft; refused while required materials are missing, listing them. */
    public ApplicationDetails submitDraft(UUID id, Caller caller) {
        return submitComplete(owned(id, caller), caller);
    }

    /** Creates and submits in one call with the materials; nothing is kept if any file or rule fails. */
    public ApplicationDetails submitWithMaterials(ApplicationForm req, Map<MaterialKind, byte[]> files,
                                               Caller caller) {
        Application app = create(req, caller, ApplicationStatus.DRAFT);
        files.forEach((kind, bytes) -> materials.attach(app, kind, bytes, caller));
        return submitComplete(app, caller);
    }

    private ApplicationDetails submitComplete(Application app, Caller caller) {
        // the outlet may have closed since the draft named it
        outlets.problem(app.outletCode).ifPresent(p -> {
            throw DomainException.invalidFields(List.of(p));
        });
        List<Material> attached = materials.list(app.id);
        app.submit(materials.missing(app, attached), clock.instant());
        return announceSubmitted(app, attached, caller);
    }

    /** Attaches (or replaces) a material of a draft or of an application review asked materials for. */
    public Material attachMaterial(UUID id, MaterialKind kind, byte[] bytes, Caller caller) {
        Application app = owned(id, caller);
        Material m = materials.attach(app, kind, bytes, caller);
        app.updatedAt = clock.instant();
        return m;
    }

    /** A material to open: for staff, and for the applicant or employer who owns the application. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public MaterialService.Opened openMaterial(UUID id, MaterialKind kind, Caller caller) {
        Application app = applications.findByIdOptional(id).filter(a -> canSee(a, caller))
                .orElseThrow(() -> DomainException.notFound("Application " + id));
        Material m = materials.get(app.id, kind);
        return new MaterialService.Opened(m.contentType, materials.content(m));
    }

    private Application create(ApplicationForm req, Caller caller, ApplicationStatus status) {
        String idNumber = req.idNumber().trim();
        LocalDate today = LocalDate.now(clock);
        List<FieldError> errors = new ArrayList<>(ApplicantRules.check(req, today, materialsConfig));
        if ("EMAIL".equals(req.preferredChannel()) && (req.email() == null || req.email().isBlank())) {
            errors.add(new FieldError("email", "is needed for the EMAIL channel"));
        }
        outlets.problem(req.outletCode()).ifPresent(errors::add);
        if (!errors.isEmpty()) {
            throw DomainException.invalidFields(errors);
        }
        requireOwnIdentity(caller, idNumber, req.category());
        requireVerifiedGuardian(caller, req);
        if (caller.is(Roles.EMPLOYER) && !caller.isStaff()) {
            employers.requireRegistered(caller.subject());
        } else if (trim(req.employerCreditCode()) != null) {
            if (!caller.isStaff()) {
                throw DomainException.forbidden("EMPLOYER_NAMED_BY_STAFF_ONLY",
                        "Only a clerk names the employer; an employer applies for its staff itself");
            }
            employers.requireRegistered(req.employerCreditCode().trim());
        } else if (req.category() == ApplicantCategory.EMPLOYEE) {
            throw DomainException.invalidFields(List.of(new FieldError("employerCreditCode", "is needed: an employee is registered through "
                            + "the employer, which applies itself or is named by a clerk")));
        }
        String idNumberIndex = index.ofIdNumber(idNumber);
        applications.findOpenForIdNumber(idNumberIndex).ifPresent(existing -> {
            throw onePersonOneCard(existing, caller);
        });
        Instant now = clock.instant();
        Application app = new Application();
        app.id = UUID.randomUUID();
        app.status = status;
        app.category = req.category();
        // staff say where they took the application; an applicant applies online, whatever the form claims
        boolean applicant = caller.is(Roles.APPLICANT) && !caller.isStaff();
        app.channel = req.channel() != null && !applicant ? req.channel() : defaultChannel(caller);
        app.name = req.name().trim();
        app.idNumber = idNumber;
        app.idNumberIndex = idNumberIndex;
        app.sex = CitizenIdNumber.sex(idNumber);
        app.phone = req.phone();
        app.outletCode = req.outletCode();
        app.regionCode = regionCode(req);
        app.language = language(req);
        app.preferredChannel = preferredChannel(req);
        app.email = req.email();
        app.guardianName = trim(req.guardianName());
        app.guardianIdNumber = trim(req.guardianIdNumber());
        app.guardianIdIndex = index.ofIdNumber(app.guardianIdNumber);
        app.businessCreditCode = trim(req.businessCreditCode());
        app.hiredOn = req.hiredOn();
        app.lateRegistration = ApplicantRules.late(req.hiredOn(), today);
        app.submittedBy = caller.subject();
        app.applicantId = caller.is(Roles.APPLICANT) ? caller.subject() : req.applicantId();
        if (caller.is(Roles.EMPLOYER) && !caller.isStaff()) {
            app.employerId = caller.subject();
        } else {
            app.employerId = trim(req.employerCreditCode());
        }
        app.createdAt = now;
        app.updatedAt = now;
        try {
            applications.persist(app);
            applications.flush();
        } catch (ConstraintViolationException e) {
            // Lost a race with a concurrent application for the same person.
            throw DomainException.conflict("APPLICATION_ALREADY_OPEN",
                    "An application for this ID number is already in progress");
        }
        return app;
    }

    /**
     * Announces a submission and returns the application as submitted; {@code attached} are its materials, read once
     * for the rule, the event and the answer.
     */
    private ApplicationDetails announceSubmitted(Application app, List<Material> attached, Caller caller) {
        List<Payloads.MaterialInfo> infos = attached.stream().map(Material::info).toList();
        EventEnvelope event = outbox.publish(topic(app), EventTypes.APPLICATION_SUBMITTED, app.id.toString(),
                submittedPayload(app, infos, app.employerId != null && employers.isRegistered(app.employerId)));
        List<RequiredMaterials.Missing> missing = materials.missing(app, attached);
        record(app.id, event, "Submitted through " + app.channel.name() + (missing.isEmpty() ? ""
                : "; materials to follow: " + missing.stream().map(RequiredMaterials.Missing::requirement)
                .collect(Collectors.joining(", "))));
        registry.counter("sscard_applications_submitted_total", "category", app.category.name(),
                "channel", app.channel.name()).increment();
        return new ApplicationDetails(app, null, timeline(app), attached, missing);
    }

    /** The ApplicationSubmitted payload of an application. */
    private Payloads.ApplicationSubmitted submittedPayload(Application app, List<Payloads.MaterialInfo> materials,
                                                           boolean employerRegistered) {
        return submittedPayload(app.id, app.applicantId, app.category, app.channel, app.name, app.idNumber, app.phone,
                app.outletCode, app.regionCode, app.language, app.employerId, app.preferredChannel, app.email,
                materials, app.rosterId, app.lateRegistration, employerRegistered,
                app.holderKeys(), checks.of(app.category.name(), app.idNumber, materials), cipher);
    }

    /** The issuing region: the outlet code's first six digits. */
    static String regionCode(ApplicationForm req) {
        return req.outletCode().substring(0, 6);
    }

    /** The language of messages, Chinese unless the form says otherwise. */
    static String language(ApplicationForm req) {
        return req.language() == null ? "zh" : req.language();
    }

    /** How the applicant is told besides the inbox, SMS unless the form says otherwise. */
    static String preferredChannel(ApplicationForm req) {
        return req.preferredChannel() == null ? "SMS" : req.preferredChannel();
    }

    /**
     * The same from the fields themselves: the roster path never makes an entity of the rows it copies. The personal
     * fields are sealed with {@code cipher}.
     */
    static Payloads.ApplicationSubmitted submittedPayload(UUID id, String applicantId, ApplicantCategory category,
                                                          Channel channel, String name, String idNumber, String phone,
                                                          String outletCode, String regionCode, String language,
                                                          String employerId, String preferredChannel, String email,
                                                          List<Payloads.MaterialInfo> materials, UUID rosterId,
                                                          boolean lateRegistration, boolean employerRegistered,
                                                          List<String> holderKeys,
                                                          List<Payloads.CheckOutcome> checks, FieldCipher cipher) {
        // the name, ID number, phone and e-mail travel encrypted: Kafka and its backups never hold them in clear
        return new Payloads.ApplicationSubmitted(id.toString(), applicantId, category.name(), channel.name(),
                cipher.encrypt(name), cipher.encrypt(idNumber), CitizenIdNumber.mask(idNumber), cipher.encrypt(phone),
                outletCode, regionCode, language, employerId, preferredChannel, cipher.encrypt(email), materials,
                rosterId == null ? null : rosterId.toString(), lateRegistration, employerRegistered, holderKeys, checks);
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** An applicant applies for themselves (a guardian for a child), as the identity provider verified them. */
    private void requireOwnIdentity(Caller caller, String idNumber, ApplicantCategory category) {
        if (!caller.is(Roles.APPLICANT) || caller.isStaff()) {
            return;
        }
        var verified = caller.verifiedIdNumber();
        if (verified.isEmpty()) {
            throw DomainException.forbidden("VERIFIED_IDENTITY_REQUIRED",
                    "Complete the real-name check before applying online");
        }
        if (category != ApplicantCategory.CHILD && !verified.get().equals(idNumber)) { // a guardian: see below
            throw DomainException.forbidden("NOT_YOUR_ID_NUMBER",
                    "Online you can apply only for yourself; a guardian applies for a child as CHILD");
        }
    }

    /** A guardian applying online for a child is the guardian the form names. */
    private void requireVerifiedGuardian(Caller caller, ApplicationForm req) {
        if (!caller.is(Roles.APPLICANT) || caller.isStaff() || req.category() != ApplicantCategory.CHILD) {
            return;
        }
        caller.verifiedIdNumber().filter(v -> !v.equals(trim(req.guardianIdNumber()))).ifPresent(v -> {
            throw DomainException.forbidden("NOT_THE_GUARDIAN",
                    "Online a guardian applies for a child under their own verified ID number as guardianIdNumber");
        });
    }

    private DomainException onePersonOneCard(Application existing, Caller caller) {
        if (!canSee(existing, caller)) {
            // someone else's ID number: say that an application is not possible, not whether a card exists
            return DomainException.conflict("PERSON_ALREADY_REGISTERED", "This person already has an application "
                    + "in progress or a card; the holder or an outlet can see which");
        }
        boolean hasCard = existing.status == ApplicationStatus.COLLECTED;
        String detail = hasCard
                ? "This person already holds a social security card; request a replacement or exchange instead"
                : "An application for this ID number is already in progress";
        detail += " (application " + existing.id + ", status " + existing.status + ")";
        return DomainException.conflict(hasCard ? "CARD_ALREADY_ISSUED" : "APPLICATION_ALREADY_OPEN", detail);
    }

    private static Channel defaultChannel(Caller caller) {
        if (caller.is(Roles.EMPLOYER)) {
            return Channel.EMPLOYER;
        }
        if (caller.is(Roles.APPLICANT)) {
            return Channel.ONLINE;
        }
        return Channel.AGENCY_WINDOW;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ApplicationDetails get(UUID id, Caller caller) {
        Application app = applications.findByIdOptional(id)
                .filter(a -> canSee(a, caller))
                .orElseThrow(() -> DomainException.notFound("Application " + id));
        return view(app);
    }

    /** An applicant's or employer's own applications; staff may search by ID number and status. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ApplicationDetails> list(Caller caller, String idNumber, String employer, ApplicationStatus status, int page,
                                      Integer size) {
        int pageSize = Math.min(size == null ? config.pageSize() : size, config.maxPageSize());
        String holder = null;
        if (caller.is(Roles.APPLICANT) && !caller.isStaff()) {
            holder = caller.verifiedIdNumber().map(index::ofIdNumber).orElse(null);
            if (holder == null) {
                return List.of(); // no verified identity, no applications
            }
            idNumber = null;
        }
        String employerId = caller.is(Roles.EMPLOYER) && !caller.isStaff() ? caller.subject() : employer;
        if (!caller.isStaff() && holder == null && employerId == null) {
            return List.of();
        }
        return applications.search(holder, employerId, index.ofIdNumber(idNumber), status, page, pageSize).stream()
                .map(a -> view(a, false)).toList();
    }

    /** Withdraws an application until production starts (docs/domain.md, section 3). */
    public ApplicationDetails withdraw(UUID id, String reason, Caller caller) {
        Application app = owned(id, caller);
        app.withdraw(clock.instant());
        applications.flush();
        EventEnvelope event = outbox.publish(topic(app), EventTypes.APPLICATION_WITHDRAWN, app.id.toString(),
                new Payloads.ApplicationWithdrawn(app.id.toString(), app.applicantId, CitizenIdNumber.mask(app.idNumber),
                        caller.subject(), reason));
        record(app.id, event, "Withdrawn" + (reason == null ? "" : ": " + reason));
        return view(app);
    }

    /** The applicant answers a supplement request; the case goes back to review. */
    public ApplicationDetails supplement(UUID id, String note, Caller caller) {
        Application app = owned(id, caller);
        app.supplementProvided(clock.instant());
        applications.flush();
        List<Payloads.MaterialInfo> infos = materials.list(app.id).stream().map(Material::info).toList();
        EventEnvelope event = outbox.publish(topic(app), EventTypes.SUPPLEMENT_PROVIDED, app.id.toString(),
                new Payloads.SupplementProvided(app.id.toString(), app.applicantId, CitizenIdNumber.mask(app.idNumber),
                        caller.subject(), note, infos, checks.of(app.category.name(), app.idNumber, infos)));
        record(app.id, event, "Supplement provided" + (note == null ? "" : ": " + note));
        return view(app);
    }

    /**
     * Changes how the applicant is reached. A draft's new details travel with its submission; after that the change
     * is announced (ContactChanged, on the application's lane) so that notification uses it for the next message.
     * The timeline records which fields changed and who changed them, never their values.
     */
    public ApplicationDetails changeContact(UUID id, ContactChange change, Caller caller) {
        Application app = owned(id, caller);
        List<String> changed = app.changeContact(change, clock.instant());
        if (changed.isEmpty()) {
            return view(app);
        }
        applications.flush();
        String note = "Contact changed by " + caller.subject() + ": " + String.join(", ", changed);
        if (app.status == ApplicationStatus.DRAFT) {
            // no event: the submission will carry the new details; the step gets an id of its own
            record(app.id, UUID.randomUUID(), EventTypes.CONTACT_CHANGED, "registration-service", clock.instant(), note);
        } else {
            EventEnvelope event = outbox.publish(topic(app), EventTypes.CONTACT_CHANGED, app.id.toString(),
                    new Payloads.ContactChanged(app.id.toString(), app.applicantId, CitizenIdNumber.mask(app.idNumber),
                            cipher.encrypt(app.phone), cipher.encrypt(app.email), app.language, app.preferredChannel,
                            changed, caller.subject()));
            record(app.id, event, note);
        }
        registry.counter("sscard_contact_changes_total").increment();
        return view(app);
    }

    /** The application, if the caller may act on it (the roles of each endpoint say which staff may); else 404. */
    private Application owned(UUID id, Caller caller) {
        return applications.findByIdOptional(id).filter(a -> canSee(a, caller))
                .orElseThrow(() -> DomainException.notFound("Application " + id));
    }

    /**
     * Staff see every application. An applicant sees the applications of the person the identity provider verified
     * (the token's {@code id_number}): their own, and a child's whose guardian they are. The account named on an
     * application gives no access. An employer sees the applications that name it.
     */
    static boolean canSee(Application app, Caller caller) {
        if (caller.isStaff()) {
            return true;
        }
        if (caller.is(Roles.APPLICANT)) {
            return caller.verifiedIdNumber().filter(v -> v.equals(app.idNumber) || v.equals(app.guardianIdNumber))
                    .isPresent();
        }
        return caller.is(Roles.EMPLOYER) && caller.subject().equals(app.employerId);
    }

    // --- effects of consumed events ---

    /**
     * Loads the applications of a batch of events (ids as in the events) with one query, so that applying each
     * event finds its application in the persistence context without a round trip of its own.
     */
    public void load(List<String> applicationIds) {
        List<UUID> ids = new ArrayList<>(applicationIds.size());
        for (String id : applicationIds) {
            try {
                ids.add(UUID.fromString(id));
            } catch (IllegalArgumentException e) {
                // not an application's id: its event fails on its own, one at a time
            }
        }
        if (!ids.isEmpty()) {
            applications.list("id in ?1", ids);
        }
    }

    /**
     * A card of the application was cancelled. When it is the application's current card, the application ends
     * (CARD_CANCELLED) and the person may apply again; the cancellation of an earlier card only enters the timeline.
     */
    public void cardCancelled(EventEnvelope event, String cardNumber, String reason) {
        Application app = applications.findById(UUID.fromString(event.aggregateId()));
        boolean current = app != null && cardNumber != null && cardNumber.equals(app.cardNumber);
        apply(event, current ? ApplicationStatus.CARD_CANCELLED : null, (current ? "Card cancelled" : "An earlier card "
                + "cancelled") + (reason == null ? "" : " (" + reason + ")") + (current ? "; the person may apply again"
                : ""), null, null);
    }

    /** Applies an event of the journey to the application it belongs to. */
    public void apply(EventEnvelope event, ApplicationStatus next, String note, String cardNumber,
                      List<Payloads.Reason> reasons) {
        UUID id = UUID.fromString(event.aggregateId());
        Application app = applications.findById(id);
        if (app == null) {
            throw new org.sscard.platform.inbox.PoisonMessageException(
                    org.sscard.platform.inbox.PoisonMessageException.Cause.INVARIANT_BROKEN,
                    event.type() + " for an application this service does not know");
        }
        if (next != null) {
            app.advanceTo(next, clock.instant());
        }
        if (cardNumber != null) {
            app.cardNumber = cardNumber;
        }
        if (reasons != null) {
            try {
                app.decisionReasons = mapper.writeValueAsString(reasons);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        record(id, event, note);
    }

    private void record(UUID applicationId, EventEnvelope event, String note) {
        record(applicationId, event.eventId(), event.type(), event.producer(), event.occurredAt(), note);
    }

    private void record(UUID applicationId, UUID stepId, String type, String producer, Instant at, String note) {
        TimelineEntry entry = new TimelineEntry();
        entry.applicationId = applicationId;
        entry.eventId = stepId;
        entry.eventType = type;
        entry.producer = producer;
        entry.occurredAt = at;
        entry.note = note;
        timeline.record(entry);
    }

    /**
     * An application as its reader sees it: the decision's reasons in words and, in the single view, the steps of the
     * journey, the materials attached and those still missing (null in a list).
     */
    public record ApplicationDetails(Application application, List<Payloads.Reason> reasons, List<TimelineEntry> timeline,
                                     List<Material> materials, List<RequiredMaterials.Missing> missing) {
    }

    /** The steps of the journey; a roster row's submission is derived from the application (see RosterChunkWriter). */
    private List<TimelineEntry> timeline(Application app) {
        List<TimelineEntry> items = new ArrayList<>();
        if (app.rosterId != null) {
            TimelineEntry submitted = new TimelineEntry(); // not stored: the roster's rows are not timed one by one
            submitted.eventType = EventTypes.APPLICATION_SUBMITTED;
            submitted.producer = "registration-service";
            submitted.occurredAt = app.createdAt;
            submitted.note = "Submitted through roster " + app.rosterId + ", row " + app.rosterRow;
            items.add(submitted);
        }
        items.addAll(timeline.forApplication(app.id));
        return items;
    }

    private ApplicationDetails view(Application app) {
        return view(app, true);
    }

    private ApplicationDetails view(Application app, boolean full) {
        List<Payloads.Reason> reasons = null;
        if (app.decisionReasons != null) {
            try {
                reasons = mapper.readValue(app.decisionReasons, REASONS);
            } catch (JsonProcessingException e) {
                reasons = List.of();
            }
        }
        if (!full) {
            return new ApplicationDetails(app, reasons, null, null, null);
        }
        List<Material> files = materials.list(app.id);
        return new ApplicationDetails(app, reasons, timeline(app), files, materials.missing(app, files));
    }

    /** The topic of {@code app}'s events: the bulk lane for an application of a roster, for its whole life. */
    private static String topic(Application app) {
        return Topics.lane(Topics.APPLICATIONS, app.rosterId != null);
    }
}
