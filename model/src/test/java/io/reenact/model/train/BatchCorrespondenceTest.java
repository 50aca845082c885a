package io.reenact.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.model.augment.PoseAugmentation;
import io.reenact.model.data.HeadPose;
import io.reenact.model.data.SyntheticHeads;
import io.reenact.model.data.SyntheticVideoDataset;
import io.reenact.model.data.Split;
import org.junit.jupiter.api.Test;

class BatchCorrespondenceTest {

    @Test
    void theFlowsOfAZoomedAndShiftedBatchStillCarryEachSourceOntoItsTarget() {
        int size = 64;
        SyntheticVideoDataset ds = new SyntheticVideoDataset(new SyntheticHeads(5), Split.TRAIN, 4, 2, 16, size);
        // zoom and shift on every sample, no pixel operations: the target is moved, not recoloured
        PoseAugmentation geometry = new PoseAugmentation(new PoseAugmentation.Settings(0, 0, 1.0, 0.2, 1.0, 0.05));
        PoseAugmentation still = new PoseAugmentation(PoseAugmentation.Settings.none());
        double moved = warpPsnr(new BatchLoader(ds, geometry, 6, 2, 7, 0, true).build(3), size);
        double unmoved = warpPsnr(new BatchLoader(ds, still, 6, 2, 7, 0, true).build(3), size);
        assertTrue(moved > 22, "sources warped by the moved flows match the moved targets: " + moved + " dB");
        assertTrue(moved > unmoved - 3, "moving the targets costs the flows little: " + moved + " vs " + unmoved);
    }

    @Test
    void eachTargetCarriesItsTrueExpression() {
        SyntheticVideoDataset ds = new SyntheticVideoDataset(new SyntheticHeads(5), Split.TRAIN, 4, 2, 64, 64);
        TrainingBatch t = new BatchLoader(ds, new PoseAugmentation(PoseAugmentation.Settings.none()), 16, 2, 7, 0, true)
                .build(3);
        float[] e = t.correspondence().expressions();
        assertEquals(16 * HeadPose.EXPRESSIONS, e.length);
        double jawMin = 1;
        double jawMax = 0;
        double blinkMax = 0;
        for (int b = 0; b < 16; b++) {
            assertEquals(1f, t.correspondence().expressionKnown()[b], "synthetic targets know their expression");
            float jaw = e[b * HeadPose.EXPRESSIONS];
            assertTrue(jaw >= 0 && jaw <= 1, "jaw opening in 0..1: " + jaw);
            jawMin = Math.min(jawMin, jaw);
            jawMax = Math.max(jawMax, jaw);
            blinkMax = Math.max(blinkMax, e[b * HeadPose.EXPRESSIONS + 2]);
        }
        assertTrue(jawMax - jawMin > 0.2, "16 targets span jaw openings: " + jawMin + ".." + jawMax);
        assertTrue(blinkMax >= 0 && blinkMax <= 1, "blink in 0..1");
    }

    /** PSNR over visible pixels of every source warped (bilinear) by its flow against its target. */
    private static double warpPsnr(TrainingBatch t, int s) {
        int plane = s * s;
        double se = 0;
        long n = 0;
        for (int b = 0; b < t.batch(); b++) {
            for (int k = 0; k < t.k(); k++) {
                int src = (b * t.k() + k) * 3 * plane;
                int flow = (b * t.k() + k) * 2 * plane;
                int vis = (b * t.k() + k) * plane;
                for (int p = 0; p < plane; p++) {
                    if (t.correspondence().visible()[vis + p] < 1) {
                        continue;
                    }
                    float x = (t.correspondence().flows()[flow + p] + 1) / 2 * s - 0.5f;
                    float y = (t.correspondence().flows()[flow + plane + p] + 1) / 2 * s - 0.5f;
                    int x0 = (int) Math.floor(x);
                    int y0 = (int) Math.floor(y);
                    if (x0 < 0 || y0 < 0 || x0 + 1 >= s || y0 + 1 >= s) {
                        continue;
                    }
                    float wx = x - x0;
                    float wy = y - y0;
                    for (int c = 0; c < 3; c++) {
                        float[] im = t.identity();
                        int o = src + c * plane;
                        float top = im[o + y0 * s + x0] * (1 - wx) + im[o + y0 * s + x0 + 1] * wx;
                        float bottom = im[o + (y0 + 1) * s + x0] * (1 - wx) + im[o + (y0 + 1) * s + x0 + 1] * wx;
                        double d = top * (1 - wy) + bottom * wy - t.target()[(b * 3 + c) * plane + p];
                        se += d * d;
                        n++;
                    }
                }
            }
        }
        return 10 * Math.log10(1 / (se / n));
    }
}
