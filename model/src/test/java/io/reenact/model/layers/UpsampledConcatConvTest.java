package io.reenact.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class UpsampledConcatConvTest {

    @Test
    void equalsConvolvingTheConcatenationOfTheUpsampledAndTheFineInputs() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            // inputs of a multiple of 8 channels, as the renderer's are: libtorch's CPU convolution
            // of a 9-channel input differed from the sum of its 6- and 3-channel parts by more than 1
            Conv conv = Conv.of(16 + 8, 5, 3);
            conv.initialize(m, DataType.FLOAT32, new Shape(2, 24, 14, 10));
            conv.biasArray().set(m.randomNormal(new Shape(5)).toFloatArray());
            ParameterStore ps = new ParameterStore(m, false);
            // non-square, so a swapped row / column phase would show
            NDArray coarse = m.randomNormal(new Shape(2, 16, 7, 5));
            NDArray fine = m.randomNormal(new Shape(2, 8, 14, 10));

            float[] expected = conv.forward(ps, new NDList(Ops.upsample2x(coarse).concat(fine, 1)), false)
                    .singletonOrThrow().toFloatArray();
            NDArray folded = UpsampledConcatConv.of(conv, 16).apply(coarse, fine);

            assertArrayEquals(new long[] {2, 5, 14, 10}, folded.getShape().getShape());
            float[] got = folded.toFloatArray();
            float worst = 0f;
            for (int i = 0; i < got.length; i++) {
                worst = Math.max(worst, Math.abs(got[i] - expected[i]));
            }
            assertTrue(worst < 1e-4f, "largest difference " + worst);
        }
    }

    @Test
    void refusesSplitsAndKernelsItCannotFold() {
        try (NDManager m = NDManager.newBaseManager()) {
            Conv conv = Conv.of(8, 4, 3);
            conv.initialize(m, DataType.FLOAT32, new Shape(1, 8, 8, 8));
            assertThrows(IllegalArgumentException.class, () -> UpsampledConcatConv.of(conv, 0));
            assertThrows(IllegalArgumentException.class, () -> UpsampledConcatConv.of(conv, 8));
            assertThrows(IllegalArgumentException.class,
                    () -> UpsampledConcatConv.of(conv, 4).apply(m.ones(new Shape(1, 3, 4, 4)), m.ones(new Shape(1, 4, 8, 8))));
            Conv strided = new Conv(8, 4, 3, 2, false);
            strided.initialize(m, DataType.FLOAT32, new Shape(1, 8, 8, 8));
            assertThrows(IllegalArgumentException.class, () -> UpsampledConcatConv.of(strided, 4));
        }
    }
}
