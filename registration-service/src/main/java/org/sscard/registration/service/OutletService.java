package org.sscard.registration.service;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.sscard.platform.problem.DomainException;
import org.sscard.platform.problem.FieldError;
import org.sscard.platform.security.Caller;
import org.sscard.registration.domain.Outlet;
import org.sscard.registration.domain.OutletChange;
import org.sscard.registration.repository.OutletRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The registry of collection outlets: administrators maintain it, every application names one of its open outlets. */
@ApplicationScoped
@Transactional
public class OutletService {
    private final OutletRepository outlets;
    private final Clock clock;
    private final MeterRegistry registry;

    public OutletService(OutletRepository outlets, Clock clock, MeterRegistry registry) {
        this.outlets = outlets;
        this.clock = clock;
        this.registry = registry;
    }

    /** The outlet after an administrator's change, and whether it was new. */
    public record Saved(Outlet outlet, boolean created) {
    }

    /** Registers an outlet or changes one; every change is recorded with who made it. */
    public Saved save(String code, Outlet.Details details, Caller admin) {
        if (code == null || !code.matches(Outlet.CODE_PATTERN)) {
            throw DomainException.invalidFields(List.of(new FieldError("code",
                    "must be a region code and outlet number, e.g. 110105-001")));
        }
        Instant now = clock.instant();
        Optional<Outlet> existing = outlets.findByIdOptional(code, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (existing.isEmpty()) {
            Outlet o = Outlet.register(code, details, admin.subject(), now);
            outlets.persist(o);
            outlets.record(OutletChange.of(code, "registered" + (o.open ? "" : ", closed"), admin.subject(), now));
            registry.counter("sscard_outlet_changes_total", "change", "registered").increment();
            return new Saved(o, true);
        }
        Outlet o = existing.get();
        List<String> changed = o.change(details, admin.subject(), now);
        if (!changed.isEmpty()) {
            outlets.record(OutletChange.of(code, String.join(", ", changed), admin.subject(), now));
            registry.counter("sscard_outlet_changes_total", "change", "changed").increment();
        }
        return new Saved(o, false);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Outlet get(String code) {
        return outlets.findByIdOptional(code).orElseThrow(() -> DomainException.notFound("Outlet " + code));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Outlet> list(String regionCode, boolean includeClosed) {
        return outlets.list(regionCode, includeClosed);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<OutletChange> changes(String code) {
        get(code);
        return outlets.changes(code);
    }

    /**
     * The codes of the open outlets, for checking many rows against one reading of the registry; in a transaction of
     * its own, since a roster worker calls it outside any request.
     */
    public Set<String> openCodes() {
        return outlets.openCodes();
    }

    /** Why an application cannot name this outlet, if it cannot: not in the registry, or closed. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<FieldError> problem(String code) {
        if (code == null) {
            return Optional.empty(); // a missing code is the form's own error
        }
        return problem(code, outlets.findByIdOptional(code).map(o -> o.open).orElse(null));
    }

    /** The same for a code checked against {@code openCodes}. */
    static Optional<FieldError> problem(String code, Set<String> openCodes) {
        return code == null || openCodes.contains(code) ? Optional.empty() : Optional.of(unknown(code));
    }

    private static Optional<FieldError> problem(String code, Boolean open) {
        if (open == null) {
            return Optional.of(unknown(code));
        }
        return open ? Optional.empty() : Optional.of(new FieldError("outletCode",
                "outlet " + code + " is closed; choose another from GET /api/v1/outlets"));
    }

    private static FieldError unknown(String code) {
        return new FieldError("outletCode", "is not an open outlet of the registry (" + code
                + "); GET /api/v1/outlets lists them");
    }
}
