package io.reenact.vision.landmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.model.RgbImage;
import io.reenact.model.data.Landmarks68;
import io.reenact.vision.Assets;
import io.reenact.vision.MediaFrames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DlibShapePredictorTest {

    /**
     * What dlib 19.24 itself (C++, Debian libdlib-dev) returns for astronaut.png and
     * {@code rectangle(170, 80, 274, 184)}: {@code shape_predictor::operator()} on an
     * {@code array2d<rgb_pixel>}, each part an integer pixel index.
     */
    private static final int[] DLIB_ASTRONAUT = {
        179, 105, 179, 117, 181, 128, 182, 140, 185, 151, 191, 161, 200, 169, 210, 176,
        221, 178, 233, 177, 244, 171, 254, 164, 261, 154, 265, 143, 268, 131, 270, 120,
        272, 108, 187, 94, 192, 88, 200, 87, 208, 88, 215, 92, 236, 93, 244, 91,
        252, 90, 260, 92, 265, 98, 226, 102, 225, 111, 225, 119, 225, 127, 214, 131,
        219, 133, 224, 134, 230, 133, 234, 132, 195, 101, 200, 98, 207, 98, 212, 104,
        206, 104, 199, 104, 238, 105, 244, 100, 250, 101, 255, 104, 250, 106, 244, 106,
        202, 140, 210, 139, 218, 139, 224, 141, 230, 140, 237, 140, 245, 141, 237, 152,
        229, 156, 222, 156, 216, 155, 208, 150, 204, 141, 218, 143, 223, 144, 229, 144,
        242, 142, 229, 150, 223, 151, 217, 150};

    static DlibShapePredictor predictor;
    static RgbImage astronaut;

    @BeforeAll
    static void load() throws IOException {
        predictor = DlibShapePredictor.shared();
        astronaut = MediaFrames.readImage(Assets.require(Assets.ASTRONAUT));
    }

    @Test
    void readsThe68PointModel() {
        assertEquals(68, predictor.parts());
        assertEquals(15, predictor.cascadeLevels());
        assertSame(predictor, DlibShapePredictor.shared(), "loaded once and shared");
    }

    @Test
    void givesDlibsOwnAnswerOnAstronaut() {
        float[] lm = predictor.predict(astronaut, LandmarkBench.ASTRONAUT_BOX);
        int[] rounded = new int[lm.length];
        for (int i = 0; i < lm.length; i++) {
            // continuous coordinates back to dlib's pixel indices, rounded as dlib rounds its parts
            rounded[i] = (int) Math.floor(lm[i] - 0.5 + 0.5);
        }
        assertArrayEquals(DLIB_ASTRONAUT, rounded);
    }

    @Test
    void astronautLandmarksSitOnHerFace() throws IOException {
        LandmarkBox box = LandmarkBench.ASTRONAUT_BOX;
        float[] lm = predictor.predict(astronaut, box);
        MediaFrames.writePng(Landmarks68.draw(astronaut, lm), Path.of("target", "landmarks-astronaut.png"));

        double[] imageLeftEye = centre(lm, Landmarks68.RIGHT_EYE);
        double[] imageRightEye = centre(lm, Landmarks68.LEFT_EYE);
        double[] mouth = centre(lm, range(48, 67));
        double eyesY = (imageLeftEye[1] + imageRightEye[1]) / 2;
        assertTrue(eyesY < Landmarks68.y(lm, Landmarks68.NOSE_TIP), "eyes above the nose tip");
        assertTrue(Landmarks68.y(lm, Landmarks68.NOSE_TIP) < mouth[1], "nose tip above the mouth");
        assertTrue(imageLeftEye[0] + 20 < imageRightEye[0], "eyes apart, subject's right eye on the image's left");
        assertTrue(Math.abs(Landmarks68.x(lm, Landmarks68.NOSE_TIP) - mouth[0]) < 10, "nose over the mouth");
        assertTrue(Landmarks68.y(lm, Landmarks68.CHIN) > mouth[1] + 10, "chin below the mouth");
        double jawLeft = Double.MAX_VALUE, jawRight = -Double.MAX_VALUE;
        for (int i : Landmarks68.JAW) {
            jawLeft = Math.min(jawLeft, Landmarks68.x(lm, i));
            jawRight = Math.max(jawRight, Landmarks68.x(lm, i));
        }
        assertTrue(jawRight - jawLeft > 0.75 * box.width(), "jaw spans the face: " + (jawRight - jawLeft));
        assertTrue(jawLeft < imageLeftEye[0] && jawRight > imageRightEye[0], "jaw outside the eyes");
        LandmarkBox generous = box.expand(0.3);
        for (int i = 0; i < Landmarks68.COUNT; i++) {
            assertTrue(generous.contains(Landmarks68.x(lm, i), Landmarks68.y(lm, i)), "landmark " + i + " inside the box + 30%");
        }
        // her eyes, by looking at the picture: left pupil near (200, 105), right near (245, 104)
        assertEquals(201, imageLeftEye[0], 6);
        assertEquals(245, imageRightEye[0], 6);
        assertEquals(104, eyesY, 6);
    }

    @Test
    void greyscaleInputGivesTheSameLandmarks() {
        byte[] grey = new byte[astronaut.width() * astronaut.height()];
        byte[] px = astronaut.pixels();
        for (int i = 0; i < grey.length; i++) {
            grey[i] = (byte) (((px[3 * i] & 0xff) + (px[3 * i + 1] & 0xff) + (px[3 * i + 2] & 0xff)) / 3);
        }
        float[] fromGrey = predictor.predict(astronaut.width(), astronaut.height(), grey, LandmarkBench.ASTRONAUT_BOX);
        assertArrayEquals(predictor.predict(astronaut, LandmarkBench.ASTRONAUT_BOX), fromGrey);
    }

    @Test
    void boxFromEyesAndMouthLandsOnTheSameFace() {
        float[] reference = predictor.predict(astronaut, LandmarkBench.ASTRONAUT_BOX);
        // keypoints as a detector such as BlazeFace gives them, read off the picture
        LandmarkBox box = predictor.boxForEyesAndMouth(201, 105, 245, 104, 224, 146);
        assertEquals(LandmarkBench.ASTRONAUT_BOX.width(), box.width(), 15, "a dlib-sized box: " + box);
        float[] lm = predictor.predict(astronaut, box);
        assertTrue(Landmarks68.normalizedMeanError(lm, reference) < 0.05,
                "error " + Landmarks68.normalizedMeanError(lm, reference));
    }

    @Test
    void boxFromLandmarksTracksTheFace() {
        float[] first = predictor.predict(astronaut, LandmarkBench.ASTRONAUT_BOX);
        LandmarkBox refit = predictor.boxFor(first);
        assertEquals(LandmarkBench.ASTRONAUT_BOX.x(), refit.x(), 10);
        assertEquals(LandmarkBench.ASTRONAUT_BOX.width(), refit.width(), 10);
        float[] again = predictor.predict(astronaut, refit);
        assertTrue(Landmarks68.normalizedMeanError(again, first) < 0.05);
    }

    @Test
    void predictsFromManyThreadsAtOnce() throws Exception {
        float[] expected = predictor.predict(astronaut, LandmarkBench.ASTRONAUT_BOX);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                results.add(pool.submit(() -> predictor.predict(astronaut, LandmarkBench.ASTRONAUT_BOX)));
            }
            for (Future<float[]> r : results) {
                assertArrayEquals(expected, r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFaceBoxOutsideTheImageStillGivesAShape() {
        // pixels outside the image read as 0, as in dlib: no exception, finite points
        float[] lm = predictor.predict(astronaut, new LandmarkBox(-60, -60, 100, 100));
        for (float v : lm) {
            assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> new LandmarkBox(0, 0, 1, 50));
        assertThrows(IllegalArgumentException.class, () -> new LandmarkBox(Double.NaN, 0, 50, 50));
        assertThrows(IllegalArgumentException.class,
                () -> predictor.predict(10, 10, new byte[99], new LandmarkBox(0, 0, 5, 5)));
        assertThrows(NullPointerException.class, () -> predictor.predict(astronaut, null));
        assertThrows(IllegalArgumentException.class, () -> predictor.boxFor(new float[10]));
    }

    @Test
    void aTruncatedModelFailsClearly(@TempDir Path dir) throws IOException {
        byte[] model = Files.readAllBytes(Assets.require(Assets.DLIB_LANDMARKS));
        Path truncated = dir.resolve("truncated.dat");
        Files.write(truncated, java.util.Arrays.copyOf(model, 3_000_000));
        DlibFormatException e = assertThrows(DlibFormatException.class, () -> DlibShapePredictor.load(truncated));
        assertTrue(e.getMessage().contains("truncated.dat") && e.getMessage().contains("file ends")
                && e.getMessage().contains("forests[0]"), e.getMessage());
    }

    @Test
    void aCorruptOrForeignModelFailsClearly(@TempDir Path dir) throws IOException {
        byte[] model = Files.readAllBytes(Assets.require(Assets.DLIB_LANDMARKS));
        byte[] corrupt = model.clone();
        corrupt[1] = 2;
        Path wrongVersion = dir.resolve("version.dat");
        Files.write(wrongVersion, corrupt);
        DlibFormatException version = assertThrows(DlibFormatException.class, () -> DlibShapePredictor.load(wrongVersion));
        assertTrue(version.getMessage().contains("version 2"), version.getMessage());

        Path png = Assets.require(Assets.ASTRONAUT);
        DlibFormatException foreign = assertThrows(DlibFormatException.class, () -> DlibShapePredictor.load(png));
        assertTrue(foreign.getMessage().contains("astronaut.png"), foreign.getMessage());

        Path padded = dir.resolve("padded.dat");
        byte[] longer = java.util.Arrays.copyOf(model, model.length + 3);
        Files.write(padded, longer);
        DlibFormatException trailing = assertThrows(DlibFormatException.class, () -> DlibShapePredictor.load(padded));
        assertTrue(trailing.getMessage().contains("after the model"), trailing.getMessage());
    }

    static double[] centre(float[] lm, int[] indices) {
        double x = 0, y = 0;
        for (int i : indices) {
            x += Landmarks68.x(lm, i);
            y += Landmarks68.y(lm, i);
        }
        return new double[] {x / indices.length, y / indices.length};
    }

    static int[] range(int first, int last) {
        int[] r = new int[last - first + 1];
        for (int i = 0; i < r.length; i++) {
            r[i] = first + i;
        }
        return r;
    }
}
