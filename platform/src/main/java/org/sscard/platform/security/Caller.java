package org.sscard.platform.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;

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
    public Optional<String> verifiedIdNumber() {
        return claim("id_number");
    }

    /**
     * The outlet an outlet clerk works at (claim {@code outlet}, set by the identity provider from the clerk's
     * assignment), if the token carries one.
     */
    public Optional<String> outlet() {
        return claim("outlet");
    }

    private Optional<String> claim(String name) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object claim = jwt.getClaim(name);
            if (claim != null) {
                String v = claim.toString().replace("\"", "").trim();
                return v.isEmpty() ? Optional.empty() : Optional.of(v);
            }
        }
        return Optional.empty();
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
