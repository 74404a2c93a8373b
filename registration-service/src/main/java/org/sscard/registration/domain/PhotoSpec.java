package org.sscard.registration.domain;

import org.sscard.registration.config.MaterialsConfig;
import org.sscard.registration.files.ContentSniffer;
import org.sscard.registration.files.JpegInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an ID photo upload must be: a JPEG of exactly {@code width} × {@code height} pixels with {@code bitDepth}
 * bits per pixel (24 = colour), at most {@code maxBytes} long and, when the file states a density, at least
 * {@code minDpi} dpi ({@code 0} = do not check). {@link #problems(byte[])} says in plain English everything that is
 * wrong with a file, so the applicant can fix it in one go. Sizes are shown in KB of 1024 bytes.
 */
public record PhotoSpec(int width, int height, int bitDepth, int minDpi, long maxBytes) {
    public PhotoSpec {
        if (width <= 0 || height <= 0 || bitDepth <= 0 || minDpi < 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("width, height, bitDepth and maxBytes must be positive; minDpi >= 0");
        }
    }

    /** The spec as a city configures it. */
    public static PhotoSpec of(MaterialsConfig.Photo p) {
        return new PhotoSpec(p.width(), p.height(), p.bitDepth(), p.minDpi(), p.maxBytes());
    }

    /** What is wrong with {@code file}; empty when it meets this spec. */
    public List<String> problems(byte[] file) {
        if (file == null || file.length == 0) {
            return List.of("the photo file is empty");
        }
        Optional<String> type = ContentSniffer.sniff(file);
        if (!type.equals(Optional.of("image/jpeg"))) {
            return List.of("the photo must be a JPEG file; this is " + type.orElse("not a recognised image file"));
        }
        Optional<JpegInfo> info = JpegInfo.read(file);
        if (info.isEmpty()) {
            return List.of("the photo is not a readable JPEG file; it may be damaged or incomplete");
        }
        List<String> problems = new ArrayList<>();
        sizeProblem(info.get()).ifPresent(problems::add);
        depthProblem(info.get()).ifPresent(problems::add);
        bytesProblem(file.length).ifPresent(problems::add);
        dpiProblem(info.get()).ifPresent(problems::add);
        return List.copyOf(problems);
    }

    /**
     * What is wrong with a photo known only by its facts (as registration reports them in events: sniffed type,
     * size in bytes, and for a JPEG its pixels, bits per pixel and stated dpi); empty when it meets this spec.
     */
    public List<String> problems(String contentType, Integer width, Integer height, Integer bitDepth, Integer dpi,
                                 long sizeBytes) {
        if (!"image/jpeg".equals(contentType)) {
            return List.of("the photo must be a JPEG file; this is " + contentType);
        }
        if (width == null || height == null || bitDepth == null) {
            return List.of("the photo is not a readable JPEG file; it may be damaged or incomplete");
        }
        JpegInfo info = new JpegInfo(width, height, 8, Math.max(1, bitDepth / 8), dpi, dpi);
        List<String> problems = new ArrayList<>();
        sizeProblem(info).ifPresent(problems::add);
        depthProblem(info).ifPresent(problems::add);
        bytesProblem(sizeBytes).ifPresent(problems::add);
        dpiProblem(info).ifPresent(problems::add);
        return List.copyOf(problems);
    }

    private Optional<String> sizeProblem(JpegInfo info) {
        if (info.width() == width && info.height() == height) {
            return Optional.empty();
        }
        return Optional.of("the photo is %d × %d px; it must be %d × %d px"
                .formatted(info.width(), info.height(), width, height));
    }

    private Optional<String> depthProblem(JpegInfo info) {
        if (info.bitDepth() == bitDepth) {
            return Optional.empty();
        }
        return Optional.of("the photo has %d-bit colour%s; it must be %d-bit colour"
                .formatted(info.bitDepth(), kind(info.components()), bitDepth));
    }

    private static String kind(int components) {
        return switch (components) {
            case 1 -> " (greyscale)";
            case 4 -> " (CMYK)";
            default -> "";
        };
    }

    private Optional<String> bytesProblem(long length) {
        if (length <= maxBytes) {
            return Optional.empty();
        }
        long actualKb = (length + 1023) / 1024; // round up so that a file just over the limit never reads as equal
        return Optional.of("the photo is %d KB; it may be at most %d KB".formatted(actualKb, maxBytes / 1024));
    }

    private Optional<String> dpiProblem(JpegInfo info) {
        if (minDpi == 0 || info.dpiX() == null || info.dpiY() == null) {
            return Optional.empty();
        }
        if (info.dpiX() >= minDpi && info.dpiY() >= minDpi) {
            return Optional.empty();
        }
        String stated = info.dpiX().equals(info.dpiY()) ? "" + info.dpiX() : info.dpiX() + " × " + info.dpiY();
        return Optional.of("the photo is %s dpi; it must be at least %d dpi".formatted(stated, minDpi));
    }
}
