package io.reenact.model.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** The detail loss prices a blur, not a one-pixel shift, which is what the pixel losses get wrong. */
class DetailLossTest {

    @Test
    void aBlurCostsAndAOnePixelShiftBarelyDoes() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            // thin random lines on a flat face: the kind of detail eyes and hair strands are
            NDArray lines = m.randomUniform(0f, 1f, new Shape(2, 1, 48, 48)).gt(0.85f)
                    .toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
            NDArray target = lines.mul(0.6f).add(0.2f).repeat(1, 3);
            NDArray mask = m.ones(new Shape(2, 1, 48, 48));
            NDArray blurred = Pool.avgPool2d(target, new Shape(3, 3), new Shape(1, 1), new Shape(1, 1), false, true);
            NDArray shifted = target.get(new NDIndex(":, :, :, 1:")).concat(target.get(new NDIndex(":, :, :, :1")), 3);
            DetailLoss loss = new DetailLoss();
            float same = loss.compute(target, target, mask).getFloat();
            float blur = loss.compute(blurred, target, mask).getFloat();
            float shift = loss.compute(shifted, target, mask).getFloat();
            assertEquals(0f, same, 1e-6f);
            assertTrue(blur > 5 * shift, "blur " + blur + " vs one-pixel shift " + shift);
            // what an L1 loss says is the other way round: the shift costs more than the blur
            float l1Blur = blurred.sub(target).abs().mean().getFloat();
            float l1Shift = shifted.sub(target).abs().mean().getFloat();
            assertTrue(l1Shift > l1Blur, "L1: shift " + l1Shift + ", blur " + l1Blur);
        }
    }

    @Test
    void onlyTheFaceInteriorCountsAndTheGradientIsFinite() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray target = m.full(new Shape(1, 3, 32, 32), 0.5f);
            NDArray mask = m.zeros(new Shape(1, 1, 32, 32));
            mask.set(new NDIndex(":, :, 8:24, 8:24"), 1f);
            NDArray output = target.mul(mask);
            // the masked output's sharp silhouette edge is not detail: nothing to pay
            assertEquals(0f, new DetailLoss().compute(output, target, mask).getFloat(), 1e-6f);
            NDArray flat = m.full(new Shape(1, 3, 32, 32), 0.3f);
            flat.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(new DetailLoss().compute(flat.mul(1f), m.randomUniform(0f, 1f, new Shape(1, 3, 32, 32)), mask));
            }
            float[] g = flat.getGradient().toFloatArray();
            for (float v : g) {
                assertTrue(Float.isFinite(v), "finite gradient on a flat output");
            }
        }
    }
}
