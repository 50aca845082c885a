package io.reenact.vision.landmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.model.RgbImage;
import io.reenact.model.data.Landmarks68;
import io.reenact.vision.Assets;
import io.reenact.vision.MediaFrames;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PoseErrorTest {

    static PoseError poseError;
    static RgbImage astronaut;

    @BeforeAll
    static void load() throws IOException {
        poseError = new PoseError(DlibShapePredictor.shared());
        astronaut = MediaFrames.readImage(Assets.require(Assets.ASTRONAUT));
    }

    @Test
    void aFrameAgainstItselfHasNoError() {
        PoseError.Result r = poseError.between(astronaut, LandmarkBench.ASTRONAUT_BOX, astronaut, LandmarkBench.ASTRONAUT_BOX);
        assertEquals(0, r.error(), 1e-9);
        assertEquals(0, r.alignedError(), 1e-9);
    }

    @Test
    void aTranslatedFrameErrsByTheShiftOverTheEyeDistance() {
        int dx = 9, dy = 5;
        RgbImage moved = translate(astronaut, dx, dy);
        LandmarkBox box = LandmarkBench.ASTRONAUT_BOX;
        LandmarkBox movedBox = new LandmarkBox(box.x() + dx, box.y() + dy, box.width(), box.height());
        // the same face, found in the same place relative to its box: the landmarks move with the frame
        PoseError.Result r = poseError.between(astronaut, box, moved, movedBox);
        double expected = Math.hypot(dx, dy) / Landmarks68.interocular(r.driver());
        assertEquals(expected, r.error(), 1e-4);
        assertEquals(0, r.alignedError(), 1e-4);
    }

    @Test
    void megamindFramesOfOneShotAreCloserThanFramesOfDifferentShots() throws IOException {
        List<RgbImage> frames = MediaFrames.readVideo(Assets.require(Assets.MEGAMIND), 270);
        assertEquals(270, frames.size());
        DlibShapePredictor predictor = DlibShapePredictor.shared();
        // frames 100 and 101: the same close shot, face near (405..545, 125..265); frame 200: a
        // closer shot, face near (285..525, 140..380)
        LandmarkBox near = LandmarkBox.fromDlib(405, 125, 545, 265);
        float[] a = predictor.predict(frames.get(100), near);
        float[] b = predictor.predict(frames.get(101), predictor.boxFor(a));
        float[] c = predictor.predict(frames.get(200), LandmarkBox.fromDlib(285, 140, 525, 380));
        double consecutive = PoseError.between(a, b).error();
        double acrossShots = PoseError.between(a, c).error();
        assertTrue(consecutive < 0.1, "consecutive frames: " + consecutive);
        assertTrue(acrossShots > 5 * consecutive, "different shots: " + acrossShots + " vs " + consecutive);
        double iod = Landmarks68.interocular(a);
        assertTrue(iod > 40 && iod < 110, "eye corners found on the face: " + iod);
    }

    static RgbImage translate(RgbImage image, int dx, int dy) {
        int w = image.width(), h = image.height();
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx = x - dx, sy = y - dy;
                if (sx >= 0 && sy >= 0 && sx < w && sy < h) {
                    System.arraycopy(image.pixels(), (sy * w + sx) * 3, out, (y * w + x) * 3, 3);
                }
            }
        }
        return new RgbImage(w, h, out);
    }
}
