package io.reenact.vision.landmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.model.RgbImage;
import io.reenact.model.data.Landmarks68;
import io.reenact.vision.Assets;
import io.reenact.vision.MediaFrames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KeypointBaselineTest {

    static DlibShapePredictor predictor;
    static RgbImage astronaut;
    static float[] landmarks;

    @BeforeAll
    static void load() throws IOException {
        predictor = DlibShapePredictor.shared();
        astronaut = MediaFrames.readImage(Assets.require(Assets.ASTRONAUT));
        landmarks = predictor.predict(astronaut, LandmarkBench.ASTRONAUT_BOX);
    }

    @Test
    void warpingToItsOwnLandmarksIsTheIdentity() {
        RgbImage same = KeypointBaseline.warp(astronaut, landmarks, landmarks);
        assertTrue(maxAbsDiff(astronaut, same) <= 1, "max diff " + maxAbsDiff(astronaut, same));
    }

    @Test
    void warpingToShiftedLandmarksShiftsTheFace() throws IOException {
        int dx = 7, dy = 4;
        float[] shifted = landmarks.clone();
        for (int i = 0; i < shifted.length; i += 2) {
            shifted[i] += dx;
            shifted[i + 1] += dy;
        }
        RgbImage moved = KeypointBaseline.warp(astronaut, landmarks, shifted);
        MediaFrames.writePng(moved, Path.of("target", "keypoint-baseline-shifted.png"));
        // between the inner eye corners, from the eyes down to the nose tip: deep inside the
        // landmarks, where every triangle only translates
        int x0 = (int) Landmarks68.x(landmarks, Landmarks68.RIGHT_EYE_INNER) + 2;
        int x1 = (int) Landmarks68.x(landmarks, Landmarks68.LEFT_EYE_INNER) - 2;
        int y0 = (int) Landmarks68.y(landmarks, Landmarks68.RIGHT_EYE_INNER);
        int y1 = (int) Landmarks68.y(landmarks, Landmarks68.NOSE_TIP);
        double shiftedDiff = 0, unshiftedDiff = 0;
        int n = 0;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                for (int c = 0; c < 3; c++) {
                    shiftedDiff += Math.abs(moved.get(x + dx, y + dy, c) - astronaut.get(x, y, c));
                    unshiftedDiff += Math.abs(moved.get(x, y, c) - astronaut.get(x, y, c));
                    n++;
                }
            }
        }
        assertTrue(n > 300, "a real patch: " + n);
        assertTrue(shiftedDiff / n < 1.0, "content moved by (7, 4): mean diff " + shiftedDiff / n);
        assertTrue(unshiftedDiff / n > 4 * Math.max(shiftedDiff / n, 0.5), "and is no longer where it was: " + unshiftedDiff / n);
        // the frame corners stay put
        assertEquals(astronaut.get(0, 0, 0), moved.get(0, 0, 0));
        assertEquals(astronaut.get(511, 511, 1), moved.get(511, 511, 1));
    }

    @Test
    void theDriversMouthShapeLeaksIntoTheAvatar() throws IOException {
        // the driver: the avatar's own landmarks with the jaw and lower lip dropped 10 px, and
        // moved and scaled elsewhere in its frame (which alignment must undo)
        float[] driver = landmarks.clone();
        for (int i : new int[] {5, 6, 7, 8, 9, 10, 11, 55, 56, 57, 58, 59, 65, 66, 67}) {
            driver[2 * i + 1] += 10;
        }
        for (int i = 0; i < driver.length; i++) {
            driver[i] = driver[i] * 0.8f + 40;
        }
        RgbImage reenacted = KeypointBaseline.reenact(astronaut, landmarks, driver);
        MediaFrames.writePng(Landmarks68.draw(reenacted, predictor.predict(reenacted, LandmarkBench.ASTRONAUT_BOX)),
                Path.of("target", "keypoint-baseline-open-mouth.png"));
        float[] after = predictor.predict(reenacted, LandmarkBench.ASTRONAUT_BOX);
        double chinBefore = Landmarks68.y(landmarks, Landmarks68.CHIN);
        double chinAfter = Landmarks68.y(after, Landmarks68.CHIN);
        assertTrue(chinAfter - chinBefore > 4, "the avatar's chin followed the driver's: " + chinBefore + " -> " + chinAfter);
        double eyesBefore = Landmarks68.interocular(landmarks);
        assertEquals(eyesBefore, Landmarks68.interocular(after), 3, "the face stayed where and as large as it was");
    }

    @Test
    void alignmentKeepsShapeButTakesPositionAndSize() {
        float[] far = new float[landmarks.length];
        double angle = Math.toRadians(10);
        for (int i = 0; i < landmarks.length; i += 2) {
            double x = landmarks[i], y = landmarks[i + 1];
            far[i] = (float) (0.5 * (Math.cos(angle) * x - Math.sin(angle) * y) + 300);
            far[i + 1] = (float) (0.5 * (Math.sin(angle) * x + Math.cos(angle) * y) - 20);
        }
        float[] back = KeypointBaseline.alignTo(far, landmarks);
        assertTrue(Landmarks68.normalizedMeanError(back, landmarks) < 1e-4);
    }

    @Test
    void delaunayCoversTheFrame() {
        double[] pts = {0, 0, 100, 0, 100, 80, 0, 80, 30, 30, 60, 40, 50, 60};
        List<int[]> tris = Delaunay.triangulate(pts);
        double area = 0;
        for (int[] t : tris) {
            area += Math.abs((pts[2 * t[1]] - pts[2 * t[0]]) * (pts[2 * t[2] + 1] - pts[2 * t[0] + 1])
                    - (pts[2 * t[1] + 1] - pts[2 * t[0] + 1]) * (pts[2 * t[2]] - pts[2 * t[0]])) / 2;
        }
        // n points with h on the hull: 2n - h - 2 triangles, tiling the hull exactly
        assertEquals(2 * 7 - 4 - 2, tris.size());
        assertEquals(100 * 80, area, 1e-6);
    }

    @Test
    void rejectsBadLandmarks() {
        assertThrows(IllegalArgumentException.class, () -> KeypointBaseline.warp(astronaut, landmarks, new float[4]));
        float[] nan = landmarks.clone();
        nan[7] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> KeypointBaseline.warp(astronaut, nan, landmarks));
    }

    static int maxAbsDiff(RgbImage a, RgbImage b) {
        int max = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            max = Math.max(max, Math.abs((a.pixels()[i] & 0xff) - (b.pixels()[i] & 0xff)));
        }
        return max;
    }
}
