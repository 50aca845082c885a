package io.reenact.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * The cubic warp: exact on the identity grid and a whole-pixel shift, exact on a linear ramp at any
 * fraction, sharper than bilinear at a half-pixel shift, and its gradients match finite differences.
 */
class BicubicWarpTest {

    @Test
    void identityGridReproducesTheSourceAndAShiftMovesIt() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray src = m.randomUniform(0f, 1f, new Shape(1, 2, 6, 8));
            NDArray id = m.create(BilinearWarp.identityGrid(6, 8), new Shape(1, 2, 6, 8));
            assertArrayEquals(src.toFloatArray(), BicubicWarp.sample(src, id).toFloatArray(), 1e-5f);
            NDArray right = id.add(m.create(new float[] {2f / 8, 0f}, new Shape(1, 2, 1, 1)));
            float[] out = BicubicWarp.sample(src, right).toFloatArray();
            float[] in = src.toFloatArray();
            assertEquals(in[8 + 3], out[8 + 2], 1e-5f, "a pixel reads its right neighbour");
            assertEquals(0f, out[7], 1e-6f, "the last column reads outside: zero");
        }
    }

    @Test
    void reproducesALinearRampAtAFractionalShift() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] ramp = new float[16 * 16];
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    ramp[y * 16 + x] = 0.1f * x + 0.05f * y;
                }
            }
            NDArray src = m.create(ramp, new Shape(1, 1, 16, 16));
            NDArray grid = m.create(BilinearWarp.identityGrid(16, 16), new Shape(1, 2, 16, 16))
                    .add(m.create(new float[] {0.3f * 2 / 16, 0.7f * 2 / 16}, new Shape(1, 2, 1, 1)));
            float[] out = BicubicWarp.sample(src, grid).toFloatArray();
            for (int y = 2; y < 13; y++) {
                for (int x = 2; x < 13; x++) {
                    assertEquals(0.1f * (x + 0.3f) + 0.05f * (y + 0.7f), out[y * 16 + x], 1e-4f, "at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void keepsMoreOfAThinLineThanBilinearAtAHalfPixelShift() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] lines = new float[16 * 16];
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    lines[y * 16 + x] = x % 4 == 0 ? 1f : 0f;
                }
            }
            NDArray src = m.create(lines, new Shape(1, 1, 16, 16));
            NDArray grid = m.create(BilinearWarp.identityGrid(16, 16), new Shape(1, 2, 16, 16))
                    .add(m.create(new float[] {0.5f * 2 / 16, 0f}, new Shape(1, 2, 1, 1)));
            float cubicPeak = BicubicWarp.sample(src, grid).get("0, 0, 8, 4:12").max().getFloat();
            float linearPeak = BilinearWarp.sample(src, grid).get("0, 0, 8, 4:12").max().getFloat();
            assertEquals(0.5f, linearPeak, 1e-5f, "bilinear halves a one-pixel line");
            assertEquals(0.5625f, cubicPeak, 1e-5f, "the cubic kernel keeps more of it (9/16)");
        }
    }

    @Test
    void gradientsToGridAndSourceMatchFiniteDifferences() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(13);
            Shape srcShape = new Shape(2, 3, 7, 9);
            Shape gridShape = new Shape(2, 2, 5, 6);
            float[] srcValues = m.randomUniform(0f, 1f, srcShape).toFloatArray();
            float[] gridValues = m.randomUniform(-0.83f, 0.83f, gridShape).toFloatArray();
            NDArray weights = m.randomNormal(new Shape(2, 3, 5, 6));
            NDArray src = m.create(srcValues, srcShape);
            NDArray grid = m.create(gridValues, gridShape);
            src.setRequiresGradient(true);
            grid.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(BicubicWarp.sample(src.mul(1f), grid.mul(1f)).mul(weights).sum());
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
                NDArray out = BicubicWarp.sample(sm.create(s, srcShape), sm.create(g, gridShape));
                loss[side] = out.mul(weights).sum().getFloat();
            }
        }
        return (loss[0] - loss[1]) / (2 * eps);
    }
}
