package io.reenact.model.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.reenact.model.Reenactor;
import io.reenact.model.RgbImage;
import io.reenact.model.data.RenderedFrame;
import io.reenact.model.data.SyntheticVideo;
import io.reenact.model.eval.HeldOutPopulation;
import io.reenact.model.train.ImageTensors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShiftedFramesTest {

    @Test
    void eachFrameComesWithItsShiftsTheEdgeRepeatedIntoWhatTheyUncover() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray frames = m.randomUniform(0f, 1f, new Shape(2, 3, 8, 8));
            NDList all = ShiftedFrames.of(frames);
            assertEquals(ShiftedFrames.COUNT, all.size());
            assertTrue(all.stream().allMatch(v -> v.getShape().equals(frames.getShape())));
            assertArrayEquals(frames.toFloatArray(), all.get(0).toFloatArray());
            // the first version moves the frames two pixels right: column x shows column x - 2, the
            // first column twice at the left
            NDArray right = all.get(1);
            assertArrayEquals(frames.get(new NDIndex("..., :, 0:6")).toFloatArray(),
                    right.get(new NDIndex("..., :, 2:8")).toFloatArray());
            assertArrayEquals(frames.get(new NDIndex("..., :, 0:1")).toFloatArray(),
                    right.get(new NDIndex("..., :, 1:2")).toFloatArray());
            // and the fourth two pixels up: row y shows row y + 2, the last row twice at the bottom
            NDArray up = all.get(4);
            assertArrayEquals(frames.get(new NDIndex("..., 2:8, :")).toFloatArray(),
                    up.get(new NDIndex("..., 0:6, :")).toFloatArray());
            assertArrayEquals(frames.get(new NDIndex("..., 7:8, :")).toFloatArray(),
                    up.get(new NDIndex("..., 6:7, :")).toFloatArray());
        }
    }

    /**
     * What the averaging is for: on the shipped weights, a head one pixel further right moves the served
     * code less than it moves a single pass's.
     */
    @Test
    void theServedCodeJittersLessUnderAOnePixelShiftThanOnePass() {
        Reenactor r = Reenactor.loadShipped("warp-128");
        int s = r.config().imageSize();
        SyntheticVideo video = new HeldOutPopulation(1, 4).driveVideo(0);
        List<RgbImage> frames = new ArrayList<>();
        List<RgbImage> moved = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            RenderedFrame f = video.frame(t * 7, s);
            frames.add(f.image());
            moved.add(shiftedRight(f.image()));
        }
        double single = 0;
        double averaged = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            List<float[]> a = r.encodePoses(frames);
            List<float[]> b = r.encodePoses(moved);
            for (int i = 0; i < frames.size(); i++) {
                averaged += distance(a.get(i), b.get(i));
                single += distance(onePass(r, m, frames.get(i)), onePass(r, m, moved.get(i)));
            }
        }
        assertTrue(averaged < 0.8 * single, "served code moved " + averaged + ", one pass " + single);
    }

    private static float[] onePass(Reenactor r, NDManager m, RgbImage image) {
        NDArray x = ImageTensors.images(m, List.of(image));
        return r.model().poseEncoder().forward(r.model().parameterStore(), new ai.djl.ndarray.NDList(x), false)
                .singletonOrThrow().toFloatArray();
    }

    private static RgbImage shiftedRight(RgbImage image) {
        int s = image.width();
        byte[] in = image.pixels();
        byte[] out = in.clone();
        for (int y = 0; y < s; y++) {
            System.arraycopy(in, y * s * 3, out, (y * s + 1) * 3, (s - 1) * 3);
        }
        return new RgbImage(s, s, out);
    }

    private static double distance(float[] a, float[] b) {
        double d = 0;
        for (int j = 0; j < a.length; j++) {
            d += (a[j] - b[j]) * (a[j] - b[j]);
        }
        return Math.sqrt(d);
    }
}
