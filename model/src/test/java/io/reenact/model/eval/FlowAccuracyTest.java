package io.reenact.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.model.layers.BilinearWarp;
import org.junit.jupiter.api.Test;

class FlowAccuracyTest {

    private static final int SIZE = 16;

    @Test
    void anAffineFieldLeavesNoResidualAndABumpLeavesItsOwn() {
        float[] u = new float[SIZE * SIZE];
        float[] v = new float[SIZE * SIZE];
        float[] all = new float[SIZE * SIZE];
        for (int i = 0; i < u.length; i++) {
            float x = 2f * (i % SIZE + 0.5f) / SIZE - 1;
            float y = 2f * (i / SIZE + 0.5f) / SIZE - 1;
            // a small turn, a zoom and a shift
            u[i] = 0.05f * x - 0.1f * y + 0.2f;
            v[i] = 0.1f * x + 0.05f * y - 0.1f;
            all[i] = 1;
        }
        assertEquals(0, FlowAccuracy.AffineResidual.of(u, v, all, SIZE), 1e-6);
        // a jaw-like push of one corner, which no affine motion makes
        for (int i = 0; i < u.length; i++) {
            if (i % SIZE > 11 && i / SIZE > 11) {
                v[i] += 0.3f;
            }
        }
        double bump = FlowAccuracy.AffineResidual.of(u, v, all, SIZE);
        assertTrue(bump > 0.005 && bump < 0.3 * 16 / 256.0 * 2, "residual of a 16-pixel bump of 0.3: " + bump);
        float[] elsewhere = all.clone();
        for (int i = 0; i < elsewhere.length; i++) {
            if (i % SIZE > 11 && i / SIZE > 11) {
                elsewhere[i] = 0;
            }
        }
        assertEquals(0, FlowAccuracy.AffineResidual.of(u, v, elsewhere, SIZE), 1e-6,
                "pixels the source does not show do not count");
    }

    @Test
    void aCubicFieldLeavesNoResidualBeyondCubicAndABumpDoes() {
        float[] u = new float[SIZE * SIZE];
        float[] v = new float[SIZE * SIZE];
        float[] all = new float[SIZE * SIZE];
        float[] grid = BilinearWarp.identityGrid(SIZE, SIZE);
        for (int i = 0; i < u.length; i++) {
            float x = grid[i];
            float y = grid[SIZE * SIZE + i];
            // a turn's parallax: the middle of a rounded head moves more than its sides
            u[i] = 0.1f * (1 - x * x - 0.5f * y * y) + 0.02f * x * x * x;
            v[i] = 0.03f * x * y - 0.01f * y * y * y;
            all[i] = 1;
        }
        assertEquals(0, FlowAccuracy.CubicResidual.of(u, v, all, SIZE), 1e-5);
        assertTrue(FlowAccuracy.AffineResidual.of(u, v, all, SIZE) > 0.01, "the same field is not affine");
        for (int i = 0; i < u.length; i++) {
            if (i % SIZE > 11 && i / SIZE > 11) {
                v[i] += 0.3f;
            }
        }
        double bump = FlowAccuracy.CubicResidual.of(u, v, all, SIZE);
        assertTrue(bump > 0.005 && bump <= FlowAccuracy.AffineResidual.of(u, v, all, SIZE),
                "a 16-pixel bump of 0.3 is not smooth: " + bump);
    }
}
