package io.reenact.vision.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.model.RgbImage;
import io.reenact.vision.Assets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CascadeFaceDetectorTest {

    @Test
    void findsTheAstronautsFace() {
        RgbImage image = RealMedia.astronaut();
        try (CascadeFaceDetector cascade = CascadeFaceDetector.open(); BlazeFaceDetector blazeFace = BlazeFaceDetector.open()) {
            FaceBox box = cascade.detect(image).orElseThrow(() -> new AssertionError("cascade found no face on astronaut.png"));
            BlazeFaceDetectorTest.assertPlausibleAstronautFace(image, box);
            assertTrue(box.score() > 0 && box.score() < 1, "score from the merged window count: " + box);
            FaceBox reference = blazeFace.detect(image).orElseThrow();
            assertTrue(box.iou(reference) > 0.5, "cascade and BlazeFace agree: " + box + " vs " + reference);
        }
    }

    @Test
    void findsNothingOnAUniformFrame() {
        try (CascadeFaceDetector cascade = CascadeFaceDetector.open()) {
            assertTrue(cascade.detect(RealMedia.grey(320, 240)).isEmpty());
        }
    }

    @Test
    void fallbackUsesTheCascadeOnlyWhenBlazeFaceFindsNothing() {
        RgbImage image = RealMedia.astronaut();
        try (FallbackFaceDetector both = FallbackFaceDetector.open(); BlazeFaceDetector blazeFace = BlazeFaceDetector.open()) {
            Optional<FaceBox> face = both.detect(image);
            assertEquals(blazeFace.detect(image), face, "BlazeFace's box when it finds one");
            assertTrue(both.detect(RealMedia.grey(320, 240)).isEmpty());
        }
    }

    @Test
    void aBadCascadeFileIsAClearError() {
        Path notACascade = Assets.require(Assets.ASTRONAUT);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new CascadeFaceDetector(notACascade, 1.2, 3, 0.15));
        assertTrue(e.getMessage().contains("astronaut.png"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CascadeFaceDetector(notACascade, 1.0, 3, 0.15));
    }
}
