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

    /**
     * The citizen ID number the identity provider verified for this person (claim {@code id_number}, set after a
     * real-name check), if the token carries one.
     */
    public java.util.Optional<String> verifiedIdNumber() {
        if (identity.getPrincipal() instanceof org.eclipse.microprofile.jwt.JsonWebToken jwt) {
            Object claim = jwt.getClaim("id_number");
            if (claim != null) {
                String v = claim.toString().replace("\"", "").trim();
                return v.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(v);
            }
        }
        return java.util.Optional.empty();
    }

    public boolean is(String role) {
        return identity.hasRole(role);
    }

    /** Staff see every record: intake, review, outlet, operations and admin roles. */
    public boolean isStaff() {
        return is(Roles.INTAKE_CLERK) || is(Roles.REVIEWER) || is(Roles.OUTLET_CLERK) || is(Roles.OPERATIONS)
                || is(Roles.ADMIN);
    }
}
