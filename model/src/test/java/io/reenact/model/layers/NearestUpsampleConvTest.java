package io.reenact.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

class NearestUpsampleConvTest {

    /** A served frame calls this four times: anything it left in the weights' manager would pile up for hours. */
    @Test
    void leavesNothingInTheWeightsManagerOnceItsIndexIsMade() {
        try (NDManager m = NDManager.newBaseManager()) {
            Conv conv = Conv.of(6, 5, 3);
            conv.initialize(m, DataType.FLOAT32, new Shape(1, 6, 8, 8));
            NearestUpsampleConv up = NearestUpsampleConv.of(conv);
            for (int batch : new int[] {1, 2}) {
                try (NDManager frame = m.newSubManager()) {
                    up.apply(frame.ones(new Shape(batch, 6, 4, 4)));
                }
                int held = m.getManagedArrays().size();
                for (int i = 0; i < 3; i++) {
                    try (NDManager frame = m.newSubManager()) {
                        up.apply(frame.ones(new Shape(batch, 6, 4, 4)));
                    }
                }
                assertEquals(held, m.getManagedArrays().size(), "batch " + batch);
            }
        }
    }

    @Test
    void equalsConvolvingTheUpsampledInputIncludingTheBorders() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            Conv conv = Conv.of(6, 5, 3);
            conv.initialize(m, DataType.FLOAT32, new Shape(2, 6, 14, 10));
            conv.biasArray().set(m.randomNormal(new Shape(5)).toFloatArray());
            ParameterStore ps = new ParameterStore(m, false);
            // non-square, so a swapped row / column phase would show
            NDArray x = m.randomNormal(new Shape(2, 6, 7, 5));

            float[] expected = conv.forward(ps, new NDList(Ops.upsample2x(x)), false).singletonOrThrow().toFloatArray();
            NDArray fast = NearestUpsampleConv.of(conv).apply(x);

            assertArrayEquals(new long[] {2, 5, 14, 10}, fast.getShape().getShape());
            float[] got = fast.toFloatArray();
            float worst = 0f;
            for (int i = 0; i < got.length; i++) {
                worst = Math.max(worst, Math.abs(got[i] - expected[i]));
            }
            assertTrue(worst < 1e-4f, "largest difference " + worst);
        }
    }

    @Test
    void countsTheMultiplyAccumulatesItDoes() {
        try (NDManager m = NDManager.newBaseManager()) {
            Conv conv = Conv.of(8, 4, 3);
            conv.initialize(m, DataType.FLOAT32, new Shape(1, 8, 16, 16));
            MacCounter.start();
            NearestUpsampleConv.of(conv).apply(m.ones(new Shape(1, 8, 8, 8)));
            long macs = MacCounter.stop();
            // four phases of a 2×2 kernel on the 9×9 positions of the padded input, against
            // 9 taps on 16×16 pixels the plain way
            assertTrue(macs == 4L * 4 * 8 * 4 * 9 * 9, "MACs " + macs);
            assertTrue(macs < 4L * 8 * 9 * 16 * 16 * 0.6);
        }
    }

    @Test
    void refusesKernelsItCannotFold() {
        try (NDManager m = NDManager.newBaseManager()) {
            Conv strided = new Conv(4, 4, 3, 2, false);
            strided.initialize(m, DataType.FLOAT32, new Shape(1, 4, 8, 8));
            assertThrows(IllegalArgumentException.class, () -> NearestUpsampleConv.of(strided));
            Conv normed = new Conv(4, 4, 3, 1, true);
            normed.initialize(m, DataType.FLOAT32, new Shape(1, 4, 8, 8));
            assertThrows(IllegalArgumentException.class, () -> NearestUpsampleConv.of(normed));
        }
    }
}
