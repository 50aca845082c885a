package io.reenact.vision.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.model.RgbImage;
import io.reenact.vision.Assets;
import io.reenact.vision.MediaFrames;
import io.reenact.vision.face.BlazeFaceDetector;
import io.reenact.vision.face.FaceBox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MobileFaceNet as the identity measure: unit descriptors, one face scores itself near 1, a person
 * across their own video scores above different people in a group photo.
 */
class FaceRecognizerTest {

    @Test
    void onePersonScoresAboveDifferentPeople() throws Exception {
        try (BlazeFaceDetector faces = BlazeFaceDetector.open(); FaceRecognizer recognizer = FaceRecognizer.open()) {
            RgbImage astronaut = MediaFrames.readImage(Assets.require(Assets.ASTRONAUT));
            FaceBox box = faces.detectAll(astronaut).stream()
                    .max(Comparator.comparingDouble(b -> b.width() * b.height())).orElseThrow();
            float[] a = recognizer.describe(astronaut, box);
            double norm = 0;
            for (float v : a) {
                norm += v * v;
            }
            assertEquals(FaceRecognizer.DIMENSIONS, a.length);
            assertEquals(1.0, norm, 1e-4, "unit descriptors");
            // the same face cut a little differently is still the same face
            FaceBox shifted = new FaceBox(box.x() + 0.05f * box.width(), box.y(), box.width(), box.height(), box.score());
            double self = FaceRecognizer.cosine(a, recognizer.describe(astronaut, shifted));
            double same = IdentityMain.samePersonLevel(faces, recognizer);
            double different = IdentityMain.differentPersonLevel(faces, recognizer);
            System.out.printf("MobileFaceNet cosine: astronaut re-cropped %.3f, Megamind across its clip %.3f, "
                    + "different people in group photos %.3f%n", self, same, different);
            assertTrue(self > 0.8, "a re-cropped face: " + self);
            assertTrue(same > different + 0.1, "same person " + same + " vs different people " + different);
        }
    }
}
