package org.sscard.registration.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.sscard.platform.problem.DomainException;
import org.sscard.platform.problem.FieldError;
import org.sscard.platform.security.Caller;
import org.sscard.registration.domain.CreditCode;
import org.sscard.registration.domain.Employer;
import org.sscard.registration.repository.EmployerRepository;

import java.time.Clock;
import java.util.List;

/** The employers (units) that may apply for their staff. */
@ApplicationScoped
@Transactional
public class EmployerService {
    private final EmployerRepository employers;
    private final Clock clock;

    public EmployerService(EmployerRepository employers, Clock clock) {
        this.employers = employers;
        this.clock = clock;
    }

    /** Registers an employer by its unified social credit code; its region comes from the code. */
    public Employer register(String creditCode, String name, String contactName, String contactPhone, Caller clerk) {
        String code = creditCode.trim();
        CreditCode.problem(code).ifPresent(p -> {
            throw DomainException.invalidFields(List.of(new FieldError("creditCode", "is not a valid unified social credit code: " + p)));
        });
        if (employers.findByIdOptional(code).isPresent()) {
            throw DomainException.conflict("EMPLOYER_ALREADY_REGISTERED", "An employer with this credit code is registered");
        }
        Employer e = new Employer();
        e.creditCode = code;
        e.name = name.trim();
        e.regionCode = CreditCode.regionCode(code);
        e.contactName = contactName.trim();
        e.contactPhone = contactPhone;
        e.registeredAt = clock.instant();
        e.registeredBy = clerk.subject();
        employers.persist(e);
        return e;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Employer get(String creditCode, Caller caller) {
        return employers.findByIdOptional(creditCode)
                .filter(e -> caller.isStaff() || caller.subject().equals(e.creditCode))
                .orElseThrow(() -> DomainException.notFound("Employer " + creditCode));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean isRegistered(String creditCode) {
        return employers.findByIdOptional(creditCode).isPresent();
    }

    /** An employer applies for staff only once registered. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public void requireRegistered(String creditCode) {
        if (employers.findByIdOptional(creditCode).isEmpty()) {
            throw DomainException.breaksRule("EMPLOYER_NOT_REGISTERED",
                    "Register the employer (unit) for social insurance before applying for its staff");
        }
    }
}
