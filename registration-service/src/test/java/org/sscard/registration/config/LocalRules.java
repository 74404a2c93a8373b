package org.sscard.registration.config;

/**
 * The materials rules of a city as a test sets them: {@link #DEFAULTS} are those of docs/domain.md (guardian under
 * 16, photo from 7, the 358 × 441 px photo spec), and the {@code with…} methods change one rule.
 */
public record LocalRules(int guardianUnderAge, int photoOptionalUnderAge, long maxBytes, Photo photo)
        implements MaterialsConfig {

    public static final LocalRules DEFAULTS = new LocalRules(16, 7, 5L << 20, new PhotoRules(358, 441, 24, 350, 100 * 1024));

    public LocalRules withPhotoOptionalUnderAge(int age) {
        return new LocalRules(guardianUnderAge, age, maxBytes, photo);
    }

    public LocalRules withPhotoWidth(int width) {
        return new LocalRules(guardianUnderAge, photoOptionalUnderAge, maxBytes,
                new PhotoRules(width, photo.height(), photo.bitDepth(), photo.minDpi(), photo.maxBytes()));
    }

    /** The photo spec. */
    public record PhotoRules(int width, int height, int bitDepth, int minDpi, long maxBytes) implements Photo {
    }
}
