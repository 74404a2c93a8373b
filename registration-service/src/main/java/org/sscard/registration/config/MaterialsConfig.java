package org.sscard.registration.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Which materials an application needs and the digital photo spec (docs/domain.md, section 2). The ages and the
 * photo limits are set by each city (local rules); the defaults are those of docs/domain.md.
 */
@ConfigMapping(prefix = "sscard.materials")
public interface MaterialsConfig {
    /** Below this age (in whole years on the day of the check) a guardian applies and must be documented. */
    @WithDefault("16")
    int guardianUnderAge();

    /** Below this age no photo is required. */
    @WithDefault("7")
    int photoOptionalUnderAge();

    /** Largest accepted material file of any kind. */
    @WithDefault("5242880")
    long maxBytes();

    Photo photo();

    /** The digital photo spec: JPEG, 358 × 441 px, 24-bit colour, at least 350 dpi where the file states it. */
    interface Photo {
        @WithDefault("358")
        int width();

        @WithDefault("441")
        int height();

        @WithDefault("24")
        int bitDepth();

        /** Checked only when the JPEG states its density; 0 turns the check off. */
        @WithDefault("350")
        int minDpi();

        @WithDefault("102400")
        long maxBytes();
    }
}
