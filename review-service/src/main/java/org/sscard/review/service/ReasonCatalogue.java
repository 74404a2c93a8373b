package org.sscard.review.service;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.sscard.events.Payloads;
import org.sscard.platform.problem.DomainException;
import org.sscard.review.domain.Reason;

import java.time.Clock;
import java.util.List;

/** The reason catalogue: what reviewers choose from and what applicants are told, in Chinese and English. */
@ApplicationScoped
@Transactional
public class ReasonCatalogue implements PanacheRepositoryBase<Reason, String> {
    private final Clock clock;

    public ReasonCatalogue(Clock clock) {
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Reason> entries(boolean includeRetired) {
        return includeRetired ? list("order by code") : list("active = true order by code");
    }

    /** The words of {@code code}; a code that left the catalogue still reads as itself. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Payloads.Reason words(String code) {
        return findByIdOptional(code).map(Reason::words).orElse(new Payloads.Reason(code, code, code));
    }

    /** Refuses codes a reviewer may not choose: unknown or retired. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public void requireChoosable(List<String> codes) {
        List<String> refused = codes.stream().filter(c -> findByIdOptional(c).filter(r -> r.active).isEmpty()).toList();
        if (!refused.isEmpty()) {
            throw DomainException.breaksRule("UNKNOWN_REASON_CODE",
                    "Unknown or retired reason codes " + refused + "; see GET /api/v1/reasons");
        }
    }

    /** Adds a reason or changes its words or whether it may be chosen; built-in reasons cannot be retired. */
    public Reason save(String code, String zh, String en, boolean active, String admin) {
        Reason existing = findByIdOptional(code).orElse(null);
        if (existing != null && existing.builtIn && !active) {
            throw DomainException.conflict("REASON_BUILT_IN", "Automated checks give " + code + "; it cannot be retired");
        }
        Reason r = existing != null ? existing : new Reason();
        r.code = code;
        r.zh = zh;
        r.en = en;
        r.active = active;
        r.updatedAt = clock.instant();
        r.updatedBy = admin;
        if (existing == null) {
            persist(r);
        }
        return r;
    }
}
