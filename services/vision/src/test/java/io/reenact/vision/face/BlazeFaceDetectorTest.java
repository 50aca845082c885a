package io.reenact.vision.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.model.RgbImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BlazeFaceDetectorTest {

    private static BlazeFaceDetector detector;

    @BeforeAll
    static void open() {
        detector = BlazeFaceDetector.open();
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    @Test
    void findsTheFaceInAtLeast95PercentOfMegamindFrames() {
        List<RgbImage> frames = RealMedia.megamind();
        assertEquals(270, frames.size(), "Megamind.avi frame count");
        int found = 0;
        for (RgbImage frame : frames) {
            Optional<FaceBox> face = detector.detect(frame);
            if (face.isPresent()) {
                found++;
                FaceBox box = face.get();
                assertTrue(box.centreX() > 0 && box.centreX() < frame.width() && box.centreY() > 0 && box.centreY() < frame.height(),
                        "box centre inside the frame: " + box);
                assertTrue(box.score() >= BlazeFaceDetector.DEFAULT_MIN_SCORE, "score above threshold: " + box);
            }
        }
        assertTrue(found >= 0.95 * frames.size(), "face found in " + found + " of " + frames.size() + " frames");
    }

    @Test
    void astronautBoxIsPlausible() {
        RgbImage image = RealMedia.astronaut();
        FaceBox box = detector.detect(image).orElseThrow(() -> new AssertionError("no face on astronaut.png"));
        assertPlausibleAstronautFace(image, box);
        assertTrue(Math.abs(box.width() - box.height()) < 0.2 * box.width(), "a face box is about square: " + box);
    }

    static void assertPlausibleAstronautFace(RgbImage image, FaceBox box) {
        assertTrue(box.centreY() < image.height() / 2.0, "face centre in the upper half: " + box);
        assertTrue(box.centreX() > 0 && box.centreX() < image.width(), "face centre inside the image: " + box);
        double size = Math.max(box.width(), box.height());
        assertTrue(size >= 0.10 * image.width() && size <= 0.60 * image.width(), "face 10-60% of the width: " + box);
    }

    @Test
    void boxesMapBackThroughTheLetterboxOnBothAxes() {
        // the astronaut's head and shoulders, so the face stays large enough on a frame half as big again
        RgbImage image = region(RealMedia.astronaut(), 64, 0, 320, 320);
        int side = image.width();
        int shift = side / 2;
        FaceBox alone = detector.detect(image).orElseThrow(() -> new AssertionError("no face on the head region"));
        FaceBox left = detector.detect(placed(image, side + shift, side, 0, 0)).orElseThrow(() -> new AssertionError("left"));
        FaceBox right = detector.detect(placed(image, side + shift, side, shift, 0)).orElseThrow(() -> new AssertionError("right"));
        assertEquals(left.centreX() + shift, right.centreX(), 0.08 * left.width(), "x follows the image");
        assertEquals(left.centreY(), right.centreY(), 0.08 * left.height(), "y unchanged");
        assertEquals(left.width(), right.width(), 0.1 * left.width(), "size unchanged");
        FaceBox top = detector.detect(placed(image, side, side + shift, 0, 0)).orElseThrow(() -> new AssertionError("top"));
        FaceBox bottom = detector.detect(placed(image, side, side + shift, 0, shift)).orElseThrow(() -> new AssertionError("bottom"));
        assertEquals(top.centreY() + shift, bottom.centreY(), 0.08 * top.height(), "y follows the image");
        assertEquals(top.centreX(), bottom.centreX(), 0.08 * top.width(), "x unchanged");
        for (FaceBox letterboxed : new FaceBox[] {left, top}) {
            assertEquals(alone.centreX(), letterboxed.centreX(), 0.1 * alone.width(), "same face at another scale");
            assertEquals(alone.centreY(), letterboxed.centreY(), 0.1 * alone.width(), "same face at another scale");
            assertEquals(alone.width(), letterboxed.width(), 0.2 * alone.width(), "same size at another scale");
        }
    }

    private static RgbImage region(RgbImage image, int x, int y, int width, int height) {
        byte[] pixels = new byte[width * height * 3];
        for (int row = 0; row < height; row++) {
            System.arraycopy(image.pixels(), ((row + y) * image.width() + x) * 3, pixels, row * width * 3, width * 3);
        }
        return new RgbImage(width, height, pixels);
    }

    /** {@code image} at ({@code x}, {@code y}) on a mid-grey frame. */
    private static RgbImage placed(RgbImage image, int width, int height, int x, int y) {
        RgbImage frame = RealMedia.grey(width, height);
        for (int row = 0; row < image.height(); row++) {
            System.arraycopy(image.pixels(), row * image.width() * 3, frame.pixels(), ((row + y) * width + x) * 3, image.width() * 3);
        }
        return frame;
    }

    @Test
    void findsNothingOnAUniformFrame() {
        assertTrue(detector.detect(RealMedia.grey(640, 480)).isEmpty());
        assertTrue(detector.detectAll(RealMedia.grey(64, 64)).isEmpty());
    }

    @Test
    void mergesOverlappingCandidatesByScore() {
        List<float[]> merged = BlazeFaceDetector.mergeOverlapping(List.of(
                new float[] {0.5f, 0.5f, 0.2f, 0.2f, 0.6f},
                new float[] {0.52f, 0.5f, 0.2f, 0.2f, 0.9f},
                new float[] {0.1f, 0.1f, 0.1f, 0.1f, 0.7f}));
        assertEquals(2, merged.size());
        assertEquals(0.9f, merged.get(0)[4], 1e-6, "best score first");
        assertEquals((0.5 * 0.6 + 0.52 * 0.9) / 1.5, merged.get(0)[0], 1e-6, "score-weighted centre");
        assertEquals(0.7f, merged.get(1)[4], 1e-6);
    }

    @Test
    void aMissingOrBrokenModelIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new BlazeFaceDetector(Path.of("no-such-model.onnx"), 0.5f, 1));
        assertTrue(e.getMessage().contains("no-such-model.onnx"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BlazeFaceDetector(Path.of("x.onnx"), 1.5f, 1));
    }
}
