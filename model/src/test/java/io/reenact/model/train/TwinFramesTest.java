package io.reenact.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.model.augment.PoseAugmentation;
import io.reenact.model.data.SyntheticHeads;
import io.reenact.model.data.SyntheticVideoDataset;
import io.reenact.model.data.Split;
import org.junit.jupiter.api.Test;

class TwinFramesTest {

    private static final int SIZE = 64;
    private static final PoseAugmentation PAPER = new PoseAugmentation(PoseAugmentation.Settings.paper());

    @Test
    void aTargetThatDrivesItselfIsItsOwnTwin() {
        TrainingBatch t = batch(0f, PAPER);
        assertArrayEquals(t.pose(), t.correspondence().twins(), "self-driven: the twin is the pose frame");
    }

    @Test
    void undistortedTheTwinIsTheTargetNotTheDriver() {
        TrainingBatch t = batch(1f, new PoseAugmentation(PoseAugmentation.Settings.none()));
        assertArrayEquals(t.target(), t.correspondence().twins(), "no augmentation: the twin is the target");
        assertTrue(meanAbs(t.pose(), t.target()) > 0.02, "the driver is someone else");
    }

    @Test
    void theTwinIsTheTargetDistortedAsItsDriverWas() {
        TrainingBatch t = batch(1f, PAPER);
        float[] twins = t.correspondence().twins();
        assertTrue(meanAbs(twins, t.target()) > 0.005, "the twin is distorted: " + meanAbs(twins, t.target()));
        assertTrue(meanAbs(twins, t.pose()) > 0.02, "and shows the target's person, not the driver");
        TrainingBatch again = batch(1f, PAPER);
        assertArrayEquals(twins, again.correspondence().twins(), "a batch depends only on (seed, step)");
        assertArrayEquals(t.pose(), again.pose());
    }

    @Test
    void withoutTheInvarianceLossNoTwinsAreBuilt() {
        SyntheticVideoDataset ds = new SyntheticVideoDataset(new SyntheticHeads(5), Split.TRAIN, 4, 2, 16, SIZE, 1f);
        assertNull(new BatchLoader(ds, PAPER, 4, 2, 7, 0, true).build(3).correspondence().twins());
    }

    private static TrainingBatch batch(float crossDriven, PoseAugmentation augmentation) {
        SyntheticVideoDataset ds = new SyntheticVideoDataset(new SyntheticHeads(5), Split.TRAIN, 4, 2, 16, SIZE,
                crossDriven);
        try (BatchLoader loader = new BatchLoader(ds, augmentation, 6, 2, 7, 0, true, true)) {
            return loader.build(3);
        }
    }

    private static double meanAbs(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }
}
