package org.sscard.registration.files;

import java.util.Optional;

/**
 * What a JPEG's headers say about the image: its size, bits per component, number of components (1 = greyscale,
 * 3 = colour, 4 = CMYK) and, when a JFIF APP0 segment states it, its density in dots per inch. Read by walking the
 * markers up to the first start-of-frame; the image data is never decoded.
 *
 * <p>{@link #read(byte[])} is safe on hostile input: it never throws, never reads past the array and always moves
 * forward, so it ends. It returns empty for anything that is not a JPEG or has no start-of-frame before the scan.
 * EXIF resolution (APP1) is not read.
 *
 * @param dpiX horizontal density in dots per inch; null when the file states none or states only an aspect ratio
 * @param dpiY vertical density in dots per inch; null likewise
 */
public record JpegInfo(int width, int height, int bitsPerComponent, int components, Integer dpiX, Integer dpiY) {
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int APP0 = 0xE0;
    private static final int TEM = 0x01;
    private static final byte[] JFIF = {'J', 'F', 'I', 'F', 0};

    /** Bits per pixel: 24 for an ordinary colour JPEG, 8 for greyscale. */
    public int bitDepth() {
        return bitsPerComponent * components;
    }

    public boolean colour() {
        return components == 3;
    }

    /** The headers of {@code jpeg}, or empty when it is not a JPEG or is too damaged to find the frame header. */
    public static Optional<JpegInfo> read(byte[] jpeg) {
        if (jpeg == null || jpeg.length < 4 || u8(jpeg, 0) != 0xFF || u8(jpeg, 1) != SOI) {
            return Optional.empty();
        }
        Integer[] dpi = {null, null};
        int pos = 2;
        while (pos < jpeg.length) {
            if (u8(jpeg, pos) != 0xFF) {
                return Optional.empty();
            }
            while (pos < jpeg.length && u8(jpeg, pos) == 0xFF) {
                pos++; // a marker may be preceded by any number of fill bytes
            }
            if (pos >= jpeg.length) {
                return Optional.empty();
            }
            int marker = u8(jpeg, pos++);
            if (isStandalone(marker)) {
                continue;
            }
            if (marker == 0x00 || marker == EOI || marker == SOS || pos + 2 > jpeg.length) {
                return Optional.empty();
            }
            int length = u16(jpeg, pos);
            int end = pos + length;
            if (length < 2 || end > jpeg.length) {
                return Optional.empty();
            }
            if (isStartOfFrame(marker)) {
                return frame(jpeg, pos + 2, length - 2, dpi);
            }
            if (marker == APP0) {
                readJfifDensity(jpeg, pos + 2, length - 2, dpi);
            }
            pos = end;
        }
        return Optional.empty();
    }

    static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static boolean isStandalone(int marker) {
        return marker == TEM || (marker >= 0xD0 && marker <= 0xD7) || marker == SOI;
    }

    private static Optional<JpegInfo> frame(byte[] b, int start, int size, Integer[] dpi) {
        if (size < 6) {
            return Optional.empty();
        }
        int precision = u8(b, start);
        int height = u16(b, start + 1);
        int width = u16(b, start + 3);
        int components = u8(b, start + 5);
        return Optional.of(new JpegInfo(width, height, precision, components, dpi[0], dpi[1]));
    }

    /** JFIF APP0: "JFIF\0", version (2), units (1), Xdensity (2), Ydensity (2), thumbnail size (2). */
    private static void readJfifDensity(byte[] b, int start, int size, Integer[] dpi) {
        if (size < 12 || !matches(b, start, JFIF)) {
            return;
        }
        int units = u8(b, start + 7);
        dpi[0] = toDpi(units, u16(b, start + 8));
        dpi[1] = toDpi(units, u16(b, start + 10));
    }

    private static Integer toDpi(int units, int density) {
        if (density == 0) {
            return null;
        }
        return switch (units) {
            case 1 -> density;
            case 2 -> (int) Math.round(density * 2.54);
            default -> null; // 0 = aspect ratio only
        };
    }

    private static boolean matches(byte[] b, int start, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (b[start + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static int u16(byte[] b, int i) {
        return (u8(b, i) << 8) | u8(b, i + 1);
    }
}
