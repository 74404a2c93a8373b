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

    Roster roster();

    /** Employer rosters. */
    interface Roster {
        /** How often an idle worker looks for new rosters. */
        @WithDefault("1s")
        java.time.Duration pollInterval();

        /** Chunks of one roster written side by side (each in its own transaction). */
        @WithDefault("2")
        int writers();

        /** Rows registered per transaction. */
        @WithDefault("1000")
        int chunkSize();

        /** How long a worker holds a roster without renewing; after that another worker resumes it. */
        @WithDefault("60s")
        java.time.Duration lease();

        /**
         * How long the uploaded files (the roster and its photos, personal data) are kept after the roster finished;
         * then they are deleted, and its counts and row results stay.
         */
        @WithDefault("P7D")
        java.time.Duration fileRetention();

        /** Largest roster upload. */
        @WithDefault("52428800")
        long maxBytes();

        /** Largest uncompressed part of an .xlsx workbook (a guard against ZIP bombs). */
        @WithDefault("524288000")
        long maxUncompressedBytes();

        /**
         * The most heap an .xlsx workbook's shared strings (the texts of its cells) may take while it is read: a
         * workbook that needs more is refused, so that a small compressed file cannot exhaust the heap.
         */
        @WithDefault("67108864")
        long maxSharedStringsBytes();
    }
}
