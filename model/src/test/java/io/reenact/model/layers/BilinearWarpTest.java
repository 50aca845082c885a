package io.reenact.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** The warp composed from gather: exact on the identity grid and a whole-pixel shift, and its gradients match finite differences. */
class BilinearWarpTest {

    @Test
    void identityGridReproducesTheSourceAndAShiftMovesIt() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape shape = new Shape(1, 2, 6, 8);
            NDArray src = m.randomUniform(0f, 1f, shape);
            NDArray id = m.create(BilinearWarp.identityGrid(6, 8), new Shape(1, 2, 6, 8));
            assertArrayEquals(src.toFloatArray(), BilinearWarp.sample(src, id).toFloatArray(), 1e-5f);
            // sample one pixel to the right: u grows by 2/W
            NDArray right = id.add(m.create(new float[] {2f / 8, 0f}, new Shape(1, 2, 1, 1)));
            float[] out = BilinearWarp.sample(src, right).toFloatArray();
            float[] in = src.toFloatArray();
            assertEquals(in[1], out[0], 1e-5f, "pixel 0 reads pixel 1");
            assertEquals(0f, out[7], 1e-6f, "the last column reads outside: zero");
        }
    }

    @Test
    void theInferenceSamplerReadsWhatTheTrainingOneReads() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(13);
            NDArray src = m.randomUniform(0f, 1f, new Shape(2, 4, 20, 20));
            // a smooth warp of two samples and a coarser output, reaching past every edge
            NDArray id = m.create(BilinearWarp.identityGrid(12, 12), new Shape(1, 2, 12, 12)).repeat(0, 2);
            NDArray grid = id.mul(1.3f).add(m.randomUniform(-0.2f, 0.2f, new Shape(2, 2, 12, 12)));
            float[] g = grid.toFloatArray();
            g[5] = Float.NaN;
            grid = m.create(g, grid.getShape());
            float[] expected = BilinearWarp.sample(src, grid).toFloatArray();
            float[] got = BilinearWarp.sampleForInference(src, grid).toFloatArray();
            for (int i = 0; i < got.length; i++) {
                if (i % 144 == 5 && i < 4 * 144) {
                    // the training sampler's weights carry the NaN on; a served frame had better show black
                    assertEquals(0f, got[i], 0f, "a NaN position reads nothing");
                } else {
                    assertEquals(expected[i], got[i], 1e-5f, "sample " + i);
                }
            }
            int zeros = 0;
            for (float v : got) {
                zeros += v == 0f ? 1 : 0;
            }
            assertTrue(zeros > 0 && zeros < got.length / 2, zeros + " samples read only outside the source");
        }
    }

    @Test
    void gradientsToGridAndSourceMatchFiniteDifferences() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            Shape srcShape = new Shape(2, 3, 7, 9);
            Shape gridShape = new Shape(2, 2, 5, 6);
            float[] srcValues = m.randomUniform(0f, 1f, srcShape).toFloatArray();
            // fractional positions inside the image, away from pixel-centre kinks
            float[] gridValues = m.randomUniform(-0.83f, 0.83f, gridShape).toFloatArray();
            NDArray weights = m.randomNormal(new Shape(2, 3, 5, 6));
            NDArray src = m.create(srcValues, srcShape);
            NDArray grid = m.create(gridValues, gridShape);
            src.setRequiresGradient(true);
            grid.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(BilinearWarp.sample(src.mul(1f), grid.mul(1f)).mul(weights).sum());
            }
            float[] gridGrad = grid.getGradient().toFloatArray();
            float[] srcGrad = src.getGradient().toFloatArray();
            float eps = 1e-3f;
            for (int i : new int[] {0, 7, 29, 31, 45, gridValues.length - 1}) {
                double numeric = difference(m, srcValues, srcShape, gridValues, gridShape, weights, i, eps, true);
                assertEquals(numeric, gridGrad[i], 0.02 + 0.02 * Math.abs(numeric), "grid gradient at " + i);
            }
            for (int i : new int[] {0, 10, 40, 100, srcValues.length - 1}) {
                double numeric = difference(m, srcValues, srcShape, gridValues, gridShape, weights, i, eps, false);
                assertEquals(numeric, srcGrad[i], 0.02 + 0.02 * Math.abs(numeric), "source gradient at " + i);
            }
        }
    }

    private static double difference(NDManager m, float[] src, Shape srcShape, float[] grid, Shape gridShape,
                                     NDArray weights, int index, float eps, boolean onGrid) {
        double[] loss = new double[2];
        for (int side = 0; side < 2; side++) {
            float[] s = src.clone();
            float[] g = grid.clone();
            float[] target = onGrid ? g : s;
            target[index] += side == 0 ? eps : -eps;
            try (NDManager sm = m.newSubManager()) {
                NDArray out = BilinearWarp.sample(sm.create(s, srcShape), sm.create(g, gridShape));
                loss[side] = out.mul(weights).sum().getFloat();
            }
        }
        return (loss[0] - loss[1]) / (2 * eps);
    }
}
