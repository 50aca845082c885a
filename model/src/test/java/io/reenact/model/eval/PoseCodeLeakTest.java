package io.reenact.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PoseCodeLeakTest {

    @Test
    void aCodeOfPoseAloneLeaksNothing() {
        PoseCodeLeak leak = new PoseCodeLeak();
        Random rng = new Random(1);
        for (int i = 0; i < 50; i++) {
            float[] pose = gaussian(rng, 8);
            leak.add(pose, pose.clone());
        }
        assertEquals(0.0, leak.figures().get("distance_over_spread"), 1e-12);
        assertEquals(50.0, leak.figures().get("pairs"));
    }

    @Test
    void aCodeOfThePersonAloneLeaksAboutTwiceTheSpread() {
        // driver and truth are independent draws of one distribution: E|a - b|² = 2 × its spread
        PoseCodeLeak leak = new PoseCodeLeak();
        Random rng = new Random(2);
        for (int i = 0; i < 4000; i++) {
            leak.add(gaussian(rng, 8), gaussian(rng, 8));
        }
        assertEquals(2.0, leak.figures().get("distance_over_spread"), 0.1);
    }

    @Test
    void halfThePersonLeaksInBetween() {
        PoseCodeLeak leak = new PoseCodeLeak();
        Random rng = new Random(3);
        for (int i = 0; i < 4000; i++) {
            float[] pose = gaussian(rng, 8);
            float[] driver = gaussian(rng, 8);
            float[] truth = gaussian(rng, 8);
            for (int j = 0; j < 8; j++) {
                driver[j] = pose[j] + 0.5f * driver[j];
                truth[j] = pose[j] + 0.5f * truth[j];
            }
            leak.add(driver, truth);
        }
        // 2 × 0.25 over a spread of 1.25
        assertEquals(0.4, leak.figures().get("distance_over_spread"), 0.03);
    }

    @Test
    void codesOfTwoLengthsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PoseCodeLeak().add(new float[3], new float[4]));
    }

    private static float[] gaussian(Random rng, int n) {
        float[] v = new float[n];
        for (int j = 0; j < n; j++) {
            v[j] = (float) rng.nextGaussian();
        }
        return v;
    }
}
