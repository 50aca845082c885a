package io.reenact.model.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LossesTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
        manager.getEngine().setRandomSeed(3);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static float value(NDArray a) {
        return a.getFloat();
    }

    @Test
    void ssimOfIdenticalImagesIsOne() {
        NDArray x = manager.randomUniform(0f, 1f, new Shape(2, 3, 32, 32));
        assertEquals(1f, value(ReconstructionLoss.ssim(x, x)), 1e-4f);
        NDArray noisy = x.add(manager.randomNormal(0f, 0.2f, x.getShape(), x.getDataType())).clip(0f, 1f);
        float degraded = value(ReconstructionLoss.ssim(x, noisy));
        assertTrue(degraded < 0.9f, "noise must lower SSIM, got " + degraded);
    }

    @Test
    void reconstructionLossIsZeroForIdenticalImagesAndHandCheckableForAConstantOffset() {
        ReconstructionLoss loss = new ReconstructionLoss();
        NDArray x = manager.randomUniform(0f, 1f, new Shape(1, 3, 32, 32));
        assertEquals(0f, value(loss.compute(x, x)), 1e-4f);
        // a constant offset of 0.1 gives L1 0.1 on each of the 3 pyramid levels
        NDArray a = manager.full(new Shape(1, 3, 32, 32), 0.5f);
        NDArray b = manager.full(new Shape(1, 3, 32, 32), 0.6f);
        assertEquals(0.3f, value(loss.multiScaleL1(a, b)), 1e-5f);
    }

    @Test
    void diceOfIdenticalMasksIsZeroAndOfDisjointMasksIsLarge() {
        DiceLoss dice = new DiceLoss();
        NDArray m = manager.zeros(new Shape(1, 1, 8, 8));
        m.set(new ai.djl.ndarray.index.NDIndex(":, :, 0:4, :"), 1f);
        assertEquals(0f, value(dice.compute(m, m)), 1e-6f);
        NDArray other = m.neg().add(1f);
        // intersection 0, sums 32 + 32: −log(1 / 65)
        assertEquals((float) Math.log(65), value(dice.compute(m, other)), 1e-4f);
    }

    @Test
    void hingeLossByHand() {
        HingeLoss hinge = new HingeLoss();
        NDArray real = manager.create(new float[] {2f, 0.5f});
        NDArray fake = manager.create(new float[] {-2f, 0f});
        // real: relu(1-2)=0, relu(1-0.5)=0.5 → 0.25; fake: relu(1-2)=0, relu(1+0)=1 → 0.5
        assertEquals(0.75f, value(hinge.discriminator(real, fake)), 1e-6f);
        assertEquals(1f, value(hinge.generator(fake)), 1e-6f);
    }

    @Test
    void featureMatchingAndEmbeddingMatchByHand() {
        NDArray f1 = manager.create(new float[] {1f, 2f});
        NDArray r1 = manager.create(new float[] {1f, 4f});
        NDArray f2 = manager.create(new float[] {0f});
        NDArray r2 = manager.create(new float[] {-3f});
        assertEquals(1f + 3f, value(new FeatureMatchingLoss().compute(List.of(f1, f2), List.of(r1, r2))), 1e-6f);
        assertEquals(1f, value(new EmbeddingMatchLoss().compute(f1, r1)), 1e-6f);
    }

    @Test
    void segmentationLossPrefersTheRightMask() {
        SegmentationLoss loss = new SegmentationLoss();
        NDArray target = manager.zeros(new Shape(1, 1, 8, 8));
        target.set(new ai.djl.ndarray.index.NDIndex(":, :, :, 0:3"), 1f);
        NDArray good = target.mul(20f).sub(10f);
        NDArray bad = good.neg();
        float g = value(loss.compute(good, target));
        float b = value(loss.compute(bad, target));
        assertTrue(g < 0.01f, "confident right logits: " + g);
        assertTrue(b > 5f, "confident wrong logits: " + b);
        // BCE of logit 0 is log 2 everywhere
        assertEquals((float) Math.log(2), value(SegmentationLoss.binaryCrossEntropy(manager.zeros(target.getShape()), target)), 1e-5f);
    }
}
