package io.reenact.model.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class PoseInvarianceLossTest {

    private final PoseInvarianceLoss loss = new PoseInvarianceLoss();

    @Test
    void countsOnlyTheCrossDrivenPairsRelativeToTheCodesSpread() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray drivers = m.create(new float[] {0, 0, 2, 0, 0, 2, 2, 2}, new Shape(4, 2));
            NDArray targets = drivers.add(m.create(new float[] {1, 0, 0, 0, 3, 0, 0, 0}, new Shape(4, 2)));
            NDArray pairs = m.create(new float[] {1, 0, 1, 0});
            // spread: every driver code is √2 from the batch mean (1, 1), so 2; pairs 0 and 2 are 1 and 9 apart
            assertEquals((1 + 9) / 2f / 2f, loss.compute(drivers, targets, pairs).getFloat(), 1e-4f);
            // the sample that is not a pair differs only in the unpaired rows: it does not count
            assertEquals(0f, loss.compute(drivers, targets, m.create(new float[] {0, 1, 0, 1})).getFloat(), 1e-6f);
            assertEquals(0f, loss.compute(drivers, drivers, pairs).getFloat(), 1e-6f);
            // shrinking every code does not lower it
            assertEquals(loss.compute(drivers, targets, pairs).getFloat(),
                    loss.compute(drivers.mul(0.1f), targets.mul(0.1f), pairs).getFloat(), 1e-3f);
            assertEquals(0f, loss.compute(drivers, targets, pairs.zerosLike()).getFloat(), 1e-6f);
        }
    }

    @Test
    void itsGradientMovesEachCodeTowardsItsPartner() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray drivers = m.create(new float[] {0, 0, 2, 2}, new Shape(2, 2));
            NDArray targets = m.create(new float[] {1, 0, 2, 2}, new Shape(2, 2));
            drivers.setRequiresGradient(true);
            try (var gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                gc.backward(loss.compute(drivers, targets, m.create(new float[] {1, 1})));
            }
            float[] g = drivers.getGradient().toFloatArray();
            assertTrue(g[0] < 0 && Math.abs(g[1]) < 1e-6 && Math.abs(g[2]) < 1e-6, java.util.Arrays.toString(g));
        }
    }
}
