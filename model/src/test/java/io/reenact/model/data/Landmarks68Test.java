package io.reenact.model.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Landmarks68Test {

    @Test
    void errorsAreNormalisedByInterocularDistance() {
        SyntheticHeads heads = new SyntheticHeads(2);
        float[] ref = heads.render(heads.identity(Split.TEST, 0), HeadPose.FRONTAL, Background.flat(0), 128).landmarks();
        assertEquals(0, Landmarks68.normalizedMeanError(ref, ref), 1e-9);
        float[] moved = ref.clone();
        for (int i = 0; i < moved.length; i += 2) {
            moved[i] += 3;
        }
        assertEquals(3 / Landmarks68.interocular(ref), Landmarks68.normalizedMeanError(moved, ref), 1e-4);
        float[] scaled = new float[ref.length];
        for (int i = 0; i < ref.length; i++) {
            scaled[i] = ref[i] * 1.3f + 7;
        }
        assertTrue(Landmarks68.normalizedMeanError(scaled, ref) > 0.1);
        assertEquals(0, Landmarks68.alignedNormalizedMeanError(scaled, ref), 1e-4);
    }
}
