package org.sscard.registration.files;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class JpegInfoTest {
    @Test
    void readsSizeDepthAndComponentsOfAColourJpeg() throws IOException {
        JpegInfo info = JpegInfo.read(jpeg(358, 441, BufferedImage.TYPE_INT_RGB)).orElseThrow();
        assertEquals(358, info.width());
        assertEquals(441, info.height());
        assertEquals(8, info.bitsPerComponent());
        assertEquals(3, info.components());
        assertEquals(24, info.bitDepth());
        assertTrue(info.colour());
    }

    @Test
    void readsAGreyscaleJpegAsEightBits() throws IOException {
        JpegInfo info = JpegInfo.read(jpeg(100, 120, BufferedImage.TYPE_BYTE_GRAY)).orElseThrow();
        assertEquals(8, info.bitDepth());
        assertFalse(info.colour());
    }

    @Test
    void readsTheJfifDensityInEachUnit() throws IOException {
        byte[] jpeg = jpeg(10, 10, BufferedImage.TYPE_INT_RGB);
        JpegInfo inch = JpegInfo.read(withDensity(jpeg, 1, 350, 350)).orElseThrow();
        assertEquals(350, inch.dpiX());
        assertEquals(350, inch.dpiY());
        JpegInfo cm = JpegInfo.read(withDensity(jpeg, 2, 138, 28)).orElseThrow();
        assertEquals(351, cm.dpiX()); // 138 × 2.54 = 350.52
        assertEquals(71, cm.dpiY()); // 28 × 2.54 = 71.12
        JpegInfo aspect = JpegInfo.read(withDensity(jpeg, 0, 1, 1)).orElseThrow();
        assertNull(aspect.dpiX());
        assertNull(aspect.dpiY());
    }

    @Test
    void skipsFillBytesAndStandaloneMarkersBeforeTheFrame() {
        byte[] jpeg = bytes(0xFF, 0xD8,
                0xFF, 0xFF, 0xFF, 0x01, // fill bytes then TEM, which has no length
                0xFF, 0xE1, 0x00, 0x04, 0xAB, 0xCD, // APP1 skipped by its length
                0xFF, 0xC2, 0x00, 0x0B, 8, 0x01, 0xB9, 0x01, 0x66, 1, 1, 0x11, 0); // progressive SOF2
        JpegInfo info = JpegInfo.read(jpeg).orElseThrow();
        assertEquals(358, info.width());
        assertEquals(441, info.height());
        assertEquals(8, info.bitDepth());
    }

    @Test
    void doesNotTakeTheHuffmanTableMarkerForAFrame() {
        byte[] jpeg = bytes(0xFF, 0xD8, 0xFF, 0xC4, 0x00, 0x08, 8, 0, 10, 0, 10, 3, 0xFF, 0xD9);
        assertEquals(Optional.empty(), JpegInfo.read(jpeg));
    }

    @Test
    void returnsEmptyForEveryTruncationOfARealJpeg() throws IOException {
        byte[] jpeg = jpeg(50, 60, BufferedImage.TYPE_INT_RGB);
        int frameEnd = frameEnd(jpeg);
        for (int length = 0; length < jpeg.length; length++) {
            Optional<JpegInfo> info = JpegInfo.read(Arrays.copyOf(jpeg, length));
            assertEquals(length >= frameEnd, info.isPresent(), "length " + length);
        }
    }

    @Test
    void neverThrowsOnGarbage() throws IOException {
        Random random = new Random(42);
        byte[] jpeg = jpeg(20, 20, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 10_000; i++) {
            byte[] corrupted = jpeg.clone(); // a few random bytes changed among the headers
            for (int k = 0; k < 4; k++) {
                corrupted[2 + random.nextInt(300)] = (byte) random.nextInt();
            }
            JpegInfo.read(corrupted);
            byte[] noise = new byte[2 + random.nextInt(64)]; // random bytes after a JPEG signature
            random.nextBytes(noise);
            noise[0] = (byte) 0xFF;
            noise[1] = (byte) 0xD8;
            JpegInfo.read(noise);
        }
        assertEquals(Optional.empty(), JpegInfo.read(bytes(0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x00, 0x00)));
        assertEquals(Optional.empty(), JpegInfo.read(bytes(0xFF, 0xD8, 0xFF, 0xE0, 0xFF, 0xFF)));
        assertEquals(Optional.empty(), JpegInfo.read(bytes(0x89, 'P', 'N', 'G')));
        assertEquals(Optional.empty(), JpegInfo.read(null));
    }

    public static byte[] jpeg(int width, int height, int type) throws IOException {
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | 0x80); // smooth: small file
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "jpg", out)) {
            throw new IllegalStateException("no JPEG writer");
        }
        return out.toByteArray();
    }

    /** A copy of an ImageIO JPEG with its JFIF APP0 (at offset 2) stating the given units and density. */
    public static byte[] withDensity(byte[] jpeg, int units, int x, int y) {
        if ((jpeg[2] & 0xFF) != 0xFF || (jpeg[3] & 0xFF) != 0xE0 || jpeg[6] != 'J') {
            throw new IllegalStateException("expected a JFIF APP0 at offset 2");
        }
        byte[] copy = jpeg.clone();
        copy[13] = (byte) units;
        copy[14] = (byte) (x >> 8);
        copy[15] = (byte) x;
        copy[16] = (byte) (y >> 8);
        copy[17] = (byte) y;
        return copy;
    }

    /** The offset just past the SOF segment: the shortest prefix from which the headers can be read. */
    private static int frameEnd(byte[] jpeg) {
        int pos = 2;
        while (!JpegInfo.isStartOfFrame(jpeg[pos + 1] & 0xFF)) {
            pos += 2 + (((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF));
        }
        return pos + 2 + (((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF));
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
