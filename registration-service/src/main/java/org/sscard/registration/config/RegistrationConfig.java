package org.sscard.registration.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "sscard.registration")
public interface RegistrationConfig {
    /** Default page size of application lists. */
    @WithDefault("50")
    int pageSize();

    /**
     * Applicants must carry a verified ID number (token claim {@code id_number}) and may apply only for that
     * person; a guardian applying for a CHILD is the exception. A token that carries the claim is always held to it.
     */
    @WithDefault("true")
    boolean requireVerifiedIdForApplicants();

    /** Largest page size a client may ask for. */
    @WithDefault("500")
    int maxPageSize();
}
