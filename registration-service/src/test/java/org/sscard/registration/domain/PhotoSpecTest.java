package org.sscard.registration.domain;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sscard.registration.files.JpegInfoTest.jpeg;
import static org.sscard.registration.files.JpegInfoTest.withDensity;

class PhotoSpecTest {
    private static final PhotoSpec SPEC = new PhotoSpec(358, 441, 24, 350, 100 * 1024);

    @Test
    void acceptsAPhotoThatMeetsTheSpec() throws IOException {
        assertEquals(List.of(), SPEC.problems(jpeg(358, 441, BufferedImage.TYPE_INT_RGB)));
    }

    @Test
    void acceptsAPhotoThatStatesEnoughDensity() throws IOException {
        byte[] photo = withDensity(jpeg(358, 441, BufferedImage.TYPE_INT_RGB), 1, 350, 350);
        assertEquals(List.of(), SPEC.problems(photo));
    }

    @Test
    void refusesAPngSayingWhatItIs() throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(358, 441, BufferedImage.TYPE_INT_RGB), "png", png);
        assertEquals(List.of("the photo must be a JPEG file; this is image/png"), SPEC.problems(png.toByteArray()));
    }

    @Test
    void refusesAnUnknownFile() {
        assertEquals(List.of("the photo must be a JPEG file; this is not a recognised image file"),
                SPEC.problems("hello".getBytes()));
        assertEquals(List.of("the photo file is empty"), SPEC.problems(new byte[0]));
    }

    @Test
    void refusesTheWrongSize() throws IOException {
        assertEquals(List.of("the photo is 400 × 500 px; it must be 358 × 441 px"),
                SPEC.problems(jpeg(400, 500, BufferedImage.TYPE_INT_RGB)));
    }

    @Test
    void refusesGreyscale() throws IOException {
        assertEquals(List.of("the photo has 8-bit colour (greyscale); it must be 24-bit colour"),
                SPEC.problems(jpeg(358, 441, BufferedImage.TYPE_BYTE_GRAY)));
    }

    @Test
    void refusesLowDensityWhenTheFileStatesOne() throws IOException {
        byte[] photo = withDensity(jpeg(358, 441, BufferedImage.TYPE_INT_RGB), 1, 72, 72);
        assertEquals(List.of("the photo is 72 dpi; it must be at least 350 dpi"), SPEC.problems(photo));
        byte[] perCm = withDensity(jpeg(358, 441, BufferedImage.TYPE_INT_RGB), 2, 28, 28);
        assertEquals(List.of("the photo is 71 dpi; it must be at least 350 dpi"), SPEC.problems(perCm));
    }

    @Test
    void ignoresDensityWhenTheSpecDoesNotAskForIt() throws IOException {
        byte[] photo = withDensity(jpeg(358, 441, BufferedImage.TYPE_INT_RGB), 1, 72, 72);
        assertEquals(List.of(), new PhotoSpec(358, 441, 24, 0, 100 * 1024).problems(photo));
    }

    @Test
    void refusesATooLargeFileRoundingItsSizeUp() throws IOException {
        byte[] photo = jpeg(358, 441, BufferedImage.TYPE_INT_RGB);
        byte[] padded = Arrays.copyOf(photo, 120 * 1024); // bytes after EOI do not change the headers
        assertEquals(List.of("the photo is 120 KB; it may be at most 100 KB"), SPEC.problems(padded));
        byte[] justOver = Arrays.copyOf(photo, 100 * 1024 + 1);
        assertEquals(List.of("the photo is 101 KB; it may be at most 100 KB"), SPEC.problems(justOver));
    }

    @Test
    void listsEveryProblemAtOnce() throws IOException {
        byte[] photo = withDensity(jpeg(400, 500, BufferedImage.TYPE_BYTE_GRAY), 1, 72, 72);
        PhotoSpec tiny = new PhotoSpec(358, 441, 24, 350, 1024);
        assertEquals(List.of(
                "the photo is 400 × 500 px; it must be 358 × 441 px",
                "the photo has 8-bit colour (greyscale); it must be 24-bit colour",
                "the photo is %d KB; it may be at most 1 KB".formatted((photo.length + 1023) / 1024),
                "the photo is 72 dpi; it must be at least 350 dpi"), tiny.problems(photo));
    }

    @Test
    void saysWhenAJpegIsDamaged() throws IOException {
        byte[] truncated = Arrays.copyOf(jpeg(358, 441, BufferedImage.TYPE_INT_RGB), 30);
        assertEquals(List.of("the photo is not a readable JPEG file; it may be damaged or incomplete"),
                SPEC.problems(truncated));
    }
}
