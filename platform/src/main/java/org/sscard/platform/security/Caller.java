package org.sscard.platform.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

/** Who is calling: the token's subject and roles. */
@RequestScoped
public class Caller {
    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public String subject() {
        return identity.getPrincipal().getName();
    }

    public boolean is(String role) {
        return identity.hasRole(role);
    }

    /** True for an applicant or employer, who may only ever see what they own. */
    public boolean isOwnerOnly() {
        return !isStaff();
    }

    /** Staff see every record: intake, review, outlet, operations and admin roles. */
    public boolean isStaff() {
        return is(Roles.INTAKE_CLERK) || is(Roles.REVIEWER) || is(Roles.OUTLET_CLERK) || is(Roles.OPERATIONS)
                || is(Roles.ADMIN);
    }
}
