package io.reenact.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class OpsTest {

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
