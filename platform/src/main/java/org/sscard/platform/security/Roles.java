package org.sscard.platform.security;

/** The roles a bearer token may carry in its {@code groups} claim. */
public final class Roles {
    public static final String APPLICANT = "applicant";
    public static final String EMPLOYER = "employer";
    public static final String INTAKE_CLERK = "intake-clerk";
    public static final String REVIEWER = "reviewer";
    public static final String OUTLET_CLERK = "outlet-clerk";
    public static final String OPERATIONS = "operations";
    public static final String ADMIN = "admin";
    /** The cooperative bank's systems: bank-side activation, loss reports by the bank, bank cancellation. */
    public static final String BANK = "bank";

    private Roles() {
    }
}
