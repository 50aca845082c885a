package io.reenact.vision.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OneEuroFilterTest {

    private static final double FPS = 30;

    @Test
    void smoothsANoisyConstant() {
        OneEuroFilter filter = new OneEuroFilter(FaceTracker.DEFAULT_MIN_CUTOFF_HZ, FaceTracker.DEFAULT_BETA,
                FaceTracker.DEFAULT_DERIVATIVE_CUTOFF_HZ);
        Random random = new Random(7);
        double rawJitter = 0;
        double filteredJitter = 0;
        double lastRaw = 0;
        double lastFiltered = 0;
        for (int i = 0; i < 300; i++) {
            double raw = 100 + 2 * random.nextGaussian();
            double filtered = filter.filter(raw, i / FPS);
            if (i > 30) {
                rawJitter += Math.abs(raw - lastRaw);
                filteredJitter += Math.abs(filtered - lastFiltered);
                assertEquals(100, filtered, 3, "stays near the constant");
            }
            lastRaw = raw;
            lastFiltered = filtered;
        }
        assertTrue(filteredJitter < 0.25 * rawJitter, "frame-to-frame change " + filteredJitter + " vs raw " + rawJitter);
    }

    @Test
    void followsAStep() {
        OneEuroFilter filter = new OneEuroFilter(FaceTracker.DEFAULT_MIN_CUTOFF_HZ, FaceTracker.DEFAULT_BETA,
                FaceTracker.DEFAULT_DERIVATIVE_CUTOFF_HZ);
        int i = 0;
        for (; i < 30; i++) {
            assertEquals(0, filter.filter(0, i / FPS), 1e-12);
        }
        double afterOneFrame = filter.filter(100, i++ / FPS);
        assertTrue(afterOneFrame > 0 && afterOneFrame < 100, "a step is neither ignored nor passed whole: " + afterOneFrame);
        double value = afterOneFrame;
        for (int k = 0; k < 14; k++) {
            value = filter.filter(100, i++ / FPS);
        }
        assertTrue(value > 95, "within 5% of a 100 px step after half a second: " + value);
        for (int k = 0; k < 60; k++) {
            value = filter.filter(100, i++ / FPS);
        }
        assertEquals(100, value, 0.5);
    }

    @Test
    void speedRaisesTheCutoff() {
        OneEuroFilter still = new OneEuroFilter(1, 0, 1);
        OneEuroFilter adaptive = new OneEuroFilter(1, 0.05, 1);
        double a = 0;
        double b = 0;
        for (int i = 0; i <= 15; i++) {
            a = still.filter(10 * i, i / FPS);
            b = adaptive.filter(10 * i, i / FPS);
        }
        assertTrue(150 - b < 0.5 * (150 - a), "less lag on a ramp with beta > 0: " + b + " vs " + a);
    }

    @Test
    void resetPassesTheNextValueThrough() {
        OneEuroFilter filter = new OneEuroFilter(1, 0, 1);
        filter.filter(0, 0);
        filter.filter(0, 0.1);
        filter.reset();
        assertEquals(50, filter.filter(50, 0.2), 1e-12);
        assertEquals(50, filter.value(), 1e-12);
    }

    @Test
    void rejectsBadSettingsAndTime() {
        assertThrows(IllegalArgumentException.class, () -> new OneEuroFilter(0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new OneEuroFilter(1, -1, 1));
        OneEuroFilter filter = new OneEuroFilter(1, 0, 1);
        filter.filter(1, 1);
        assertThrows(IllegalArgumentException.class, () -> filter.filter(1, 1));
        assertThrows(IllegalArgumentException.class, () -> filter.filter(Double.NaN, 2));
    }
}
