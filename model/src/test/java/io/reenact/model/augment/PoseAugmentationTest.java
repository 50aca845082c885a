package io.reenact.model.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PoseAugmentationTest {

    private static final int SIZE = 64;

    /** A frame with a bright off-centre square and a gradient, so shifts and scales are visible. */
    static RgbImage scene() {
        byte[] p = new byte[SIZE * SIZE * 3];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                boolean inside = x >= 20 && x < 36 && y >= 14 && y < 40;
                int i = (y * SIZE + x) * 3;
                p[i] = (byte) (inside ? 220 : 2 * x);
                p[i + 1] = (byte) (inside ? 180 : 2 * y);
                p[i + 2] = (byte) (inside ? 40 : 90);
            }
        }
        return new RgbImage(SIZE, SIZE, p);
    }

    static Mask sceneMask() {
        byte[] a = new byte[SIZE * SIZE];
        for (int y = 14; y < 40; y++) {
            for (int x = 20; x < 36; x++) {
                a[y * SIZE + x] = (byte) 255;
            }
        }
        return new Mask(SIZE, SIZE, a);
    }

    @Test
    void shiftKeepsPoseFrameTargetAndMaskAligned() {
        PoseAugmentation shiftOnly = new PoseAugmentation(new PoseAugmentation.Settings(0, 0, 0, 0, 1.0, 0.05));
        RgbImage frame = scene();
        Mask mask = sceneMask();
        boolean sawShift = false;
        for (int seed = 0; seed < 20; seed++) {
            AugmentedSample s = shiftOnly.apply(frame, frame, mask, new Random(seed));
            // pose frame and target received the very same shift, and the mask follows the square
            assertArrayEquals(s.poseFrame().pixels(), s.target().pixels());
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    boolean fg = s.targetMask().get(x, y) == 255;
                    assertEquals(fg, s.target().get(x, y, 0) == 220 && s.target().get(x, y, 2) == 40,
                            "mask and target disagree at " + x + "," + y);
                }
            }
            sawShift |= !Arrays.equals(s.targetMask().alpha(), mask.alpha());
        }
        assertTrue(sawShift, "a shift with p=1 must move the mask at least once in 20 draws");
    }

    @Test
    void pixelOpsAndScaleChangeThePoseFrameOnly() {
        PoseAugmentation noShift = new PoseAugmentation(PoseAugmentation.Settings.paper().withoutGeometry());
        RgbImage frame = scene();
        Mask mask = sceneMask();
        int changed = 0;
        for (int seed = 0; seed < 20; seed++) {
            AugmentedSample s = noShift.apply(frame, frame, mask, new Random(seed));
            assertArrayEquals(frame.pixels(), s.target().pixels(), "target must stay untouched");
            assertArrayEquals(mask.alpha(), s.targetMask().alpha(), "mask must stay untouched");
            if (!Arrays.equals(frame.pixels(), s.poseFrame().pixels())) {
                changed++;
            }
        }
        assertTrue(changed >= 12, "pixel ops should alter most pose frames, altered " + changed);
    }

    @Test
    void theTargetFollowsThePoseFramesSizeButNotItsProportions() {
        PoseAugmentation scaleOnly = new PoseAugmentation(new PoseAugmentation.Settings(0, 0, 1.0, 0.2, 0, 0));
        RgbImage frame = scene();
        Mask mask = sceneMask();
        for (int seed = 0; seed < 10; seed++) {
            AugmentedSample s = scaleOnly.apply(frame, frame, mask, new Random(seed));
            int poseArea = 0;
            int targetArea = 0;
            int maskArea = 0;
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    poseArea += s.poseFrame().get(x, y, 2) == 40 ? 1 : 0;
                    targetArea += s.target().get(x, y, 2) == 40 ? 1 : 0;
                    maskArea += s.targetMask().get(x, y) >= 128 ? 1 : 0;
                }
            }
            // the square's area scales by sx·sy in the pose frame and by zoom² = sx·sy in the target
            assertEquals(16 * 26 * s.zoom() * s.zoom(), maskArea, 16 * 26 * 0.15, "seed " + seed);
            assertEquals(poseArea, targetArea, 16 * 26 * 0.15, "seed " + seed);
            assertTrue(s.zoom() >= 0.8 && s.zoom() <= 1.2, "zoom " + s.zoom());
            // place() says where the square's left edge (x = 20) went: in a row through the square the
            // first masked pixel is the first whose centre lies past that edge
            float edge = s.place(20, 27, SIZE)[0];
            int left = 0;
            while (s.targetMask().get(left, 27) < 128) {
                left++;
            }
            assertTrue(left + 0.5 >= edge - 1e-3 && left + 0.5 < edge + 1 + 1e-3,
                    "edge " + edge + ", first masked pixel " + left + ", seed " + seed);
        }
    }

    @Test
    void pixelOpsDoNotMoveAnything() {
        // a pixel operation commutes with a translation: op(shift(img)) == shift(op(img)) away from the
        // borders. The shift is 16 px so that JPEG's 16×16 blocks (chroma subsampled) line up too; noise is per pixel.
        RgbImage frame = scene();
        RgbImage shifted = GeometricWarp.shift(frame, 16, 16);
        for (PixelAugmenter.Op op : PixelAugmenter.Op.values()) {
            if (op == PixelAugmenter.Op.NOISE) {
                continue;
            }
            for (int seed = 0; seed < 3; seed++) {
                RgbImage a = GeometricWarp.shift(PixelAugmenter.apply(op, FloatImage.of(frame), new Random(seed)).toRgb(), 16, 16);
                RgbImage b = PixelAugmenter.apply(op, FloatImage.of(shifted), new Random(seed)).toRgb();
                double diff = 0;
                int n = 0;
                for (int y = 20; y < SIZE - 4; y++) {
                    for (int x = 20; x < SIZE - 4; x++) {
                        for (int c = 0; c < 3; c++) {
                            diff += Math.abs(a.get(x, y, c) - b.get(x, y, c));
                            n++;
                        }
                    }
                }
                assertTrue(diff / n < 1.5, op + " is not translation-equivariant: mean |diff| " + diff / n);
            }
        }
    }

    @Test
    void independentScaleDistortsProportions() {
        PoseAugmentation scaleOnly = new PoseAugmentation(new PoseAugmentation.Settings(0, 0, 1.0, 0.2, 0, 0));
        RgbImage frame = scene();
        double minRatio = Double.MAX_VALUE;
        double maxRatio = 0;
        for (int seed = 0; seed < 20; seed++) {
            RgbImage pose = scaleOnly.apply(frame, frame, sceneMask(), new Random(seed)).poseFrame();
            int w = extent(pose, true);
            int h = extent(pose, false);
            minRatio = Math.min(minRatio, (double) w / h);
            maxRatio = Math.max(maxRatio, (double) w / h);
        }
        // the square is 16×26; independent x/y scales must change that aspect ratio
        assertTrue(maxRatio - minRatio > 0.1, "aspect ratio range " + minRatio + ".." + maxRatio);
    }

    @Test
    void deterministicForASeed() {
        PoseAugmentation aug = new PoseAugmentation();
        AugmentedSample a = aug.apply(scene(), scene(), sceneMask(), new Random(7));
        AugmentedSample b = aug.apply(scene(), scene(), sceneMask(), new Random(7));
        assertArrayEquals(a.poseFrame().pixels(), b.poseFrame().pixels());
        AugmentedSample c = aug.apply(scene(), scene(), sceneMask(), new Random(8));
        assertFalse(Arrays.equals(a.poseFrame().pixels(), c.poseFrame().pixels()) && a.equals(c));
        assertNotEquals(0, a.poseFrame().pixels().length);
    }

    @Test
    void reflectIndexing() {
        assertEquals(1, FloatImage.reflect(-1, 5));
        assertEquals(3, FloatImage.reflect(5, 5));
        assertEquals(0, FloatImage.reflect(8, 5));
        assertEquals(2, FloatImage.reflect(2, 5));
    }

    private static int extent(RgbImage img, boolean horizontal) {
        int min = Integer.MAX_VALUE, max = -1;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                if (img.get(x, y, 0) > 200 && img.get(x, y, 2) < 80) {
                    int v = horizontal ? x : y;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return max - min + 1;
    }
}
