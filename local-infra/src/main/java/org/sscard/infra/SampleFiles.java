package org.sscard.infra;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Material files for tests and benchmarks: photos that meet (or miss) the spec, scans, a ZIP of photos. */
public final class SampleFiles {
    private SampleFiles() {
    }

    /** A 358 × 441 px, 24-bit colour JPEG on a white background: meets the default photo spec. */
    public static byte[] photo() {
        return jpeg(358, 441, true);
    }

    public static byte[] jpeg(int width, int height, boolean colour) {
        BufferedImage img = new BufferedImage(width, height, colour ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(60, 90, 160));
        g.fillOval(width / 4, height / 6, width / 2, height / 2);
        g.fillRect(width / 6, height * 2 / 3, width * 2 / 3, height / 3);
        g.dispose();
        return write(img, "jpg");
    }

    /** A small PNG, as a phone scan of an ID card side might be. */
    public static byte[] png() {
        BufferedImage img = new BufferedImage(200, 126, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(220, 230, 240));
        g.fillRect(0, 0, 200, 126);
        g.dispose();
        return write(img, "png");
    }

    /** A minimal PDF document. */
    public static byte[] pdf() {
        return ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
                + "trailer<</Root 1 0 R>>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A ZIP whose entries are named by the map's keys. */
    public static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] write(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
