package io.reenact.vision.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.vision.Assets;
import io.reenact.vision.MediaFrames;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The segmenter on real pictures. Overlays (background darkened) go to target/masks/ to be
 * looked at: the astronaut's face and suit should stay bright, the sky and flag corner dark.
 */
class SelfieSegmenterTest {

    private static final Path PICTURES = Path.of("target", "masks");

    private static SelfieSegmenter segmenter;
    private static RgbImage astronaut;

    @BeforeAll
    static void open() {
        segmenter = SelfieSegmenter.open();
        astronaut = MediaFrames.readImage(Assets.require(Assets.ASTRONAUT));
    }

    @AfterAll
    static void close() {
        segmenter.close();
    }

    @Test
    void modelTakes256SquareAndNamesItsVersion() {
        assertEquals(256, segmenter.inputWidth());
        assertEquals(256, segmenter.inputHeight());
        assertTrue(segmenter.modelVersion().matches("selfie_segmentation-256x256-sha256:[0-9a-f]{12}"),
            segmenter.modelVersion());
    }

    @Test
    void astronautFaceIsPersonAndTheTopRightCornerIsBackground() throws IOException {
        Mask mask = segmenter.segment(astronaut);
        MediaFrames.writeOverlayPng(astronaut, mask, PICTURES.resolve("astronaut.png"));
        assertEquals(512, mask.width());
        assertEquals(512, mask.height());
        double face = mean(mask, 0.35, 0.60, 0.10, 0.45);
        double corner = mean(mask, 0.80, 1.0, 0.0, 0.15);
        assertTrue(face > 0.8, "face region foreground mean " + face);
        assertTrue(corner < 0.2, "top-right corner foreground mean " + corner);
    }

    @Test
    void letterboxAndStretchAgreeOnTheSquareAstronaut() {
        try (SelfieSegmenter letterbox = SelfieSegmenter.open(SelfieSegmenter.Variant.GENERAL, 2, SelfieSegmenter.Fit.LETTERBOX)) {
            Mask a = segmenter.segment(astronaut);
            Mask b = letterbox.segment(astronaut);
            assertTrue(meanAbsDifference(a, b) < 1.0, "a square frame needs no border: " + meanAbsDifference(a, b));
        }
    }

    @Test
    void megamindFramesGiveNonTrivialMasksWithBothModelsAndFits() throws IOException {
        // the clip fades in from black: frame 0 has nobody in it (see aBlackFrameIsAllBackground)
        List<RgbImage> frames = MediaFrames.readVideo(Assets.require(Assets.MEGAMIND), 270);
        assertEquals(270, frames.size());
        try (SelfieSegmenter landscape = SelfieSegmenter.open(SelfieSegmenter.Variant.LANDSCAPE, 1, SelfieSegmenter.Fit.STRETCH);
             SelfieSegmenter letterbox = SelfieSegmenter.open(SelfieSegmenter.Variant.GENERAL, 1, SelfieSegmenter.Fit.LETTERBOX)) {
            assertEquals(256, landscape.inputWidth());
            assertEquals(144, landscape.inputHeight());
            for (int i = 30; i < frames.size(); i += 40) {
                RgbImage frame = frames.get(i);
                for (var s : List.of(segmenter, landscape, letterbox)) {
                    Mask mask = s.segment(frame);
                    assertEquals(frame.width(), mask.width());
                    assertEquals(frame.height(), mask.height());
                    double fg = mean(mask, 0, 1, 0, 1);
                    assertTrue(fg > 0.05 && fg < 0.95, s.modelVersion() + " frame " + i + ": foreground share " + fg);
                    // a real silhouette has both clear person and clear background pixels
                    assertTrue(share(mask, 200, 256) > 0.03, s.modelVersion() + " frame " + i + " has no confident person");
                    assertTrue(share(mask, 0, 56) > 0.03, s.modelVersion() + " frame " + i + " has no confident background");
                }
                MediaFrames.writeOverlayPng(frame, segmenter.segment(frame), PICTURES.resolve("megamind-" + i + ".png"));
            }
        }
    }

    @Test
    void aBlackFrameIsAllBackground() {
        Mask mask = segmenter.segment(RgbImage.blank(320, 240));
        assertTrue(mean(mask, 0, 1, 0, 1) < 0.05, "black frame foreground " + mean(mask, 0, 1, 0, 1));
    }

    @Test
    void aClosedSegmenterSaysSo() {
        SelfieSegmenter s = SelfieSegmenter.open();
        s.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.segment(astronaut));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> SelfieSegmenter.open(Path.of("target", "no-such-model.tflite"), 1, SelfieSegmenter.Fit.STRETCH));
        assertThrows(IllegalArgumentException.class,
            () -> SelfieSegmenter.open(SelfieSegmenter.Variant.GENERAL, 0, SelfieSegmenter.Fit.STRETCH));
    }

    /** Mean foreground (0..1) of the region given as fractions of width and height. */
    static double mean(Mask m, double x0, double x1, double y0, double y1) {
        int ax = (int) (x0 * m.width());
        int bx = (int) Math.ceil(x1 * m.width());
        int ay = (int) (y0 * m.height());
        int by = (int) Math.ceil(y1 * m.height());
        long sum = 0;
        for (int y = ay; y < by; y++) {
            for (int x = ax; x < bx; x++) {
                sum += m.get(x, y);
            }
        }
        return sum / (255.0 * (bx - ax) * (by - ay));
    }

    private static double share(Mask m, int from, int to) {
        int n = 0;
        for (byte b : m.alpha()) {
            int v = b & 0xff;
            if (v >= from && v < to) {
                n++;
            }
        }
        return (double) n / m.alpha().length;
    }

    private static double meanAbsDifference(Mask a, Mask b) {
        long sum = 0;
        for (int i = 0; i < a.alpha().length; i++) {
            sum += Math.abs((a.alpha()[i] & 0xff) - (b.alpha()[i] & 0xff));
        }
        return (double) sum / a.alpha().length;
    }
}
