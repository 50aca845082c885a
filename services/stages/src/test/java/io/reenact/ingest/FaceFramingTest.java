package io.reenact.ingest;

import io.reenact.model.RgbImage;
import io.reenact.schema.FaceBox;
import io.reenact.vision.Assets;
import io.reenact.vision.face.BlazeFaceDetector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaceFramingTest {

    @Test
    void megamindIsCutAroundItsFaceAndTheBoxIsPublishedInCropPixels() throws Exception {
        int frames = 0;
        int detected = 0;
        try (BlazeFaceDetector detector = BlazeFaceDetector.open();
             VideoSource source = VideoSource.open(Assets.require(Assets.MEGAMIND).toString(),
                     new FaceFraming(detector, 128), ReconnectPolicy.defaults())) {
            RgbImage image;
            while (frames < 120 && (image = source.next()) != null) {
                frames++;
                assertEquals(128, image.width());
                assertEquals(128, image.height());
                FaceBox face = source.lastFace();
                assertNotNull(face, "a face-framed source always says where its crop's face is");
                if (face.getDetected()) {
                    detected++;
                    // the paper's crop: a square of 1.8 x the box, centred on it
                    double cx = face.getX() + face.getWidth() / 2;
                    double cy = face.getY() + face.getHeight() / 2;
                    assertEquals(64, cx, 6, "face centred horizontally in frame " + frames);
                    assertEquals(64, cy, 6, "face centred vertically in frame " + frames);
                    assertEquals(128 / 1.8, Math.max(face.getWidth(), face.getHeight()), 4, "box is 1/1.8 of the crop");
                }
            }
        }
        assertEquals(120, frames);
        // the clip fades in from black: its first frames have no face and hold the default box
        assertTrue(detected >= 110, detected + " of 120 frames had a face");
    }

    @Test
    void aFacelessFrameIsFlaggedAndKeepsTheCentreSquare() {
        try (BlazeFaceDetector detector = BlazeFaceDetector.open()) {
            FaceFraming framing = new FaceFraming(detector, 64);
            RgbImage grey = new RgbImage(200, 100, new byte[200 * 100 * 3]);
            Framed framed = framing.apply(grey, 0);
            assertEquals(64, framed.image().width());
            assertFalse(framed.face().getDetected());
        }
    }
}
