package io.reenact.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class OpsTest {

    @Test
    void aGradientToTheInputOnlyLeavesTheWeightsUntouched() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray weight = m.create(new float[] {2f, -3f});
            NDArray x = m.create(new float[] {5f, 7f});
            weight.setRequiresGradient(true);
            x.setRequiresGradient(true);
            try (var gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                NDArray y = Ops.gradientToInputOnly(weight.mul(x).square(), weight.mul(x.stopGradient()).square());
                assertArrayEquals(new float[] {100f, 441f}, y.toFloatArray(), 1e-4f);
                gc.backward(y.sum());
            }
            // d(w x)^2 / dx = 2 w^2 x; the weight's two equal and opposite parts cancel
            assertArrayEquals(new float[] {40f, 126f}, x.getGradient().toFloatArray(), 1e-3f);
            assertArrayEquals(new float[] {0f, 0f}, weight.getGradient().toFloatArray(), 1e-4f);
        }
    }

    /** Every weights file was trained with upsampling that repeats values (area), not bilinear. */
    @Test
    void resizingUpRepeatsEachValueAsTheWeightsWereTrained() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0, 1, 2, 3}, new Shape(1, 1, 2, 2));

            assertArrayEquals(new float[] {
                0, 0, 1, 1,
                0, 0, 1, 1,
                2, 2, 3, 3,
                2, 2, 3, 3}, Ops.resize(x, 4).toFloatArray());
        }
    }

    @Test
    void resizingDownAveragesEachBlock() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {
                0, 2, 4, 4,
                2, 4, 4, 4,
                1, 1, 0, 0,
                1, 1, 0, 8}, new Shape(1, 1, 4, 4));

            assertArrayEquals(new float[] {2, 4, 1, 2}, Ops.resize(x, 2).toFloatArray());
        }
    }
}
