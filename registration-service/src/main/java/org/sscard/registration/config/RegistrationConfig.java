package org.sscard.registration.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "sscard.registration")
public interface RegistrationConfig {
    /** Default page size of application lists. */
    @WithDefault("50")
    int pageSize();

    /** Largest page size a client may ask for. */
    @WithDefault("500")
    int maxPageSize();
}
