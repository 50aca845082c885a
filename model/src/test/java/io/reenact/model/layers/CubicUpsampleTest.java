package io.reenact.model.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The doubled image is the cubic kernel's own samples, and sampling it bilinearly stands in for the cubic warp. */
class CubicUpsampleTest {

    @Test
    void eachEnlargedPixelIsTheCubicSampleAtItsPosition() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] v = new float[2 * 3 * 9 * 7];
            Random r = new Random(3);
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextFloat();
            }
            NDArray x = m.create(v, new Shape(2, 3, 9, 7));
            for (int f = 2; f <= 4; f++) {
                NDArray enlarged = CubicUpsample.by(x, f);
                assertEquals(new Shape(2, 3, 9 * f, 7 * f), enlarged.getShape());
                // the identity grid of the enlarged size sits exactly on the enlarged pixels' centres
                NDArray grid = m.create(BilinearWarp.identityGrid(9 * f, 7 * f), new Shape(1, 2, 9 * f, 7 * f)).repeat(0, 2);
                float[] want = BicubicWarp.sample(x, grid).toFloatArray();
                float[] got = enlarged.toFloatArray();
                for (int i = 0; i < want.length; i++) {
                    assertEquals(want[i], got[i], 1e-5f, "factor " + f + ", pixel " + i);
                }
            }
        }
    }

    @Test
    void samplingTheDoubledImageBilinearlyComesCloseToTheCubicWarp() {
        int s = 64;
        try (NDManager m = NDManager.newBaseManager()) {
            // a face-like image: smooth shading with hard-edged features
            float[] v = new float[s * s];
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    v[y * s + x] = (float) (0.5 + 0.3 * Math.sin(x * 0.3 + y * 0.2) + ((x / 9 + y / 7) % 2 == 0 ? 0.15 : -0.15));
                }
            }
            NDArray image = m.create(v, new Shape(1, 1, s, s));
            float[] g = BilinearWarp.identityGrid(s, s);
            Random r = new Random(4);
            for (int i = 0; i < g.length; i++) {
                g[i] = g[i] * 0.9f + 0.02f * (float) r.nextGaussian();
            }
            NDArray grid = m.create(g, new Shape(1, 2, s, s));
            float[] cubic = BicubicWarp.sample(image, grid).toFloatArray();
            float[] viaDoubled = BilinearWarp.sample(CubicUpsample.by(image, 2), grid).toFloatArray();
            float[] bilinear = BilinearWarp.sample(image, grid).toFloatArray();
            double approx = meanAbs(cubic, viaDoubled);
            double plain = meanAbs(cubic, bilinear);
            System.out.printf("mean |difference| from the cubic warp: %.4f via the doubled image, %.4f bilinear%n",
                    approx, plain);
            assertTrue(approx < 0.006, "within about 1.5/255 of the cubic warp: " + approx);
            assertTrue(approx < 0.6 * plain, "nearer the cubic warp than bilinear sampling is: " + approx + " vs " + plain);
        }
    }

    @Test
    void aOnePixelLineShiftedByHalfAPixelKeepsNearlyTheCubicsPeak() {
        try (NDManager m = NDManager.newBaseManager()) {
            int s = 16;
            float[] v = new float[s * s];
            for (int y = 0; y < s; y++) {
                v[y * s + 8] = 1f;
            }
            float[] g = BilinearWarp.identityGrid(s, s);
            for (int i = 0; i < s * s; i++) {
                g[i] += 1f / s;
            }
            NDArray image = m.create(v, new Shape(1, 1, s, s));
            NDArray grid = m.create(g, new Shape(1, 2, s, s));
            float viaDoubled = BilinearWarp.sample(CubicUpsample.by(image, 2), grid).toFloatArray()[8 * s + 7];
            // cubic keeps 9/16, bilinear 1/2; the average of the cubic samples a quarter pixel either side, 35/64
            assertEquals(35f / 64, viaDoubled, 1e-5f);
        }
    }

    private static double meanAbs(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += Math.abs(a[i] - b[i]);
        }
        return d / a.length;
    }
}
