package io.reenact.model.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.model.Mask;
import org.junit.jupiter.api.Test;

class HeadRendererTest {

    private final SyntheticHeads heads = new SyntheticHeads(21);

    @Test
    void landmarksFallInsideTheMaskAndMaskIsAPerson() {
        int size = 96;
        for (int i = 0; i < 12; i++) {
            SyntheticVideo video = heads.video(heads.identity(Split.TRAIN, i), 100 + i, 200);
            for (int t = 0; t < 200; t += 67) {
                RenderedFrame f = video.frame(t, size);
                Mask m = f.mask();
                int on = 0;
                for (byte a : m.alpha()) {
                    if (a != 0) {
                        on++;
                    }
                }
                assertTrue(on > size * size / 10, "person too small: " + on);
                assertTrue(on < size * size * 9 / 10, "person fills the frame: " + on);
                float[] lm = f.landmarks();
                for (int p = 0; p < Landmarks68.COUNT; p++) {
                    int x = (int) Math.floor(lm[2 * p]);
                    int y = (int) Math.floor(lm[2 * p + 1]);
                    if (x < 0 || y < 0 || x >= size || y >= size) {
                        continue;
                    }
                    // landmarks are surface points: at grazing angles they sit on the silhouette, so the
                    // covering pixel may be a background one by a fraction of a pixel
                    assertTrue(onPerson(m, x, y), "identity " + i + " frame " + t + " landmark " + p + " off the person");
                }
            }
        }
    }

    private static boolean onPerson(Mask m, int x, int y) {
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                int u = x + dx;
                int v = y + dy;
                if (u >= 0 && v >= 0 && u < m.width() && v < m.height() && m.get(u, v) > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void backgroundPixelsAreTheBackdropExactly() {
        Background bg = Background.of(77);
        RenderedFrame f = heads.render(heads.identity(Split.TEST, 2), HeadPose.FRONTAL.withYaw(0.3f), bg, 64);
        byte[] raster = bg.raster(64);
        int checked = 0;
        int differing = 0;
        for (int i = 0; i < 64 * 64; i++) {
            boolean same = raster[i * 3] == f.image().pixels()[i * 3] && raster[i * 3 + 1] == f.image().pixels()[i * 3 + 1]
                    && raster[i * 3 + 2] == f.image().pixels()[i * 3 + 2];
            if (f.mask().alpha()[i] == 0) {
                assertTrue(same, "background pixel " + i + " changed");
                checked++;
            } else if ((f.mask().alpha()[i] & 0xff) == 255 && !same) {
                differing++;
            }
        }
        assertTrue(checked > 500);
        assertTrue(differing > 500, "the person is drawn over the backdrop");
    }

    @Test
    void landmarksFollowPose() {
        HeadIdentity id = heads.identity(Split.TRAIN, 1);
        Background bg = Background.flat(0);
        float[] left = heads.render(id, HeadPose.FRONTAL.withYaw(-0.4f), bg, 128).landmarks();
        float[] right = heads.render(id, HeadPose.FRONTAL.withYaw(0.4f), bg, 128).landmarks();
        assertTrue(Landmarks68.x(right, Landmarks68.NOSE_TIP) - Landmarks68.x(left, Landmarks68.NOSE_TIP) > 8,
                "positive yaw turns the nose to the image's right");

        float[] closed = heads.render(id, HeadPose.FRONTAL, bg, 128).landmarks();
        float[] open = heads.render(id, HeadPose.FRONTAL.withJawOpen(1), bg, 128).landmarks();
        assertTrue(Landmarks68.y(open, Landmarks68.LOWER_LIP_BOTTOM) - Landmarks68.y(closed, Landmarks68.LOWER_LIP_BOTTOM) > 3,
                "lower lip drops");
        assertTrue(Landmarks68.y(open, Landmarks68.CHIN) - Landmarks68.y(closed, Landmarks68.CHIN) > 2, "chin drops");
        assertEquals(Landmarks68.y(closed, Landmarks68.NOSE_TIP), Landmarks68.y(open, Landmarks68.NOSE_TIP), 1e-4,
                "the jaw does not move the nose");

        float[] down = heads.render(id, HeadPose.FRONTAL.withPitch(0.3f), bg, 128).landmarks();
        assertTrue(Landmarks68.y(down, Landmarks68.NOSE_TIP) > Landmarks68.y(closed, Landmarks68.NOSE_TIP), "pitch nods down");

        float[] closedEyes = heads.render(id, HeadPose.FRONTAL.withBlink(1), bg, 128).landmarks();
        assertTrue(Landmarks68.distance(closedEyes, 37, 41) < 0.3 * Landmarks68.distance(closed, 37, 41), "blink closes the lids");

        assertTrue(Landmarks68.x(closed, Landmarks68.RIGHT_EYE_OUTER) < Landmarks68.x(closed, Landmarks68.LEFT_EYE_OUTER),
                "iBUG 36 is on the image's left");
        assertTrue(Landmarks68.x(closed, 0) < Landmarks68.x(closed, 16));
    }

    @Test
    void landmarksScaleWithImageSize() {
        HeadIdentity id = heads.identity(Split.TRAIN, 4);
        HeadPose pose = new HeadPose(0.2f, -0.1f, 0.15f, 0.03f, -0.02f, 1.05f, 0.4f, 0.3f, 0, 0.2f, 0.1f, 0);
        float[] small = heads.render(id, pose, Background.flat(0), 64).landmarks();
        float[] large = heads.render(id, pose, Background.flat(0), 256).landmarks();
        for (int i = 0; i < small.length; i++) {
            assertEquals(small[i] * 4, large[i], 1e-3);
        }
    }
}
