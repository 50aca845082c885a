package io.reenact.model.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class FlowInvarianceLossTest {

    private final FlowInvarianceLoss loss = new FlowInvarianceLoss();

    @Test
    void averagesTheFlowsDifferenceOverThePairsPersonPixels() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape flows = new Shape(2, 2, 2, 4, 4);
            NDArray driver = m.zeros(flows);
            // the first sample's flows 0.1 off in x everywhere, the second's 0.5 off in both axes
            NDArray twin = offset(m, 0.1f, 0f).concat(offset(m, 0.5f, 0.5f), 0);
            NDArray mask = m.zeros(new Shape(2, 1, 4, 4));
            mask.set(new ai.djl.ndarray.index.NDIndex(":, :, 0:2, :"), 1f); // the person in the top half
            // pair 0 alone: |0.1| in x, 0 in y, averaged over both axes and sources where the person is
            assertEquals(0.05f, loss.compute(driver, twin, mask, m.create(new float[] {1, 0})).getFloat(), 1e-5f);
            assertEquals(0.5f, loss.compute(driver, twin, mask, m.create(new float[] {0, 1})).getFloat(), 1e-5f);
            assertEquals(0.275f, loss.compute(driver, twin, mask, m.create(new float[] {1, 1})).getFloat(), 1e-5f);
            // off the person, flows may differ freely
            NDArray offPerson = twin.mul(mask.expandDims(1).neg().add(1f));
            assertEquals(0f, loss.compute(driver, offPerson, mask, m.create(new float[] {1, 1})).getFloat(), 1e-6f);
            assertEquals(0f, loss.compute(driver, twin, mask, m.create(new float[] {0, 0})).getFloat(), 1e-6f);
        }
    }

    /** One sample's flows (1, 2 sources, 2, 4, 4), offset by (dx, dy) from zero. */
    private static NDArray offset(NDManager m, float dx, float dy) {
        return m.full(new Shape(1, 2, 1, 4, 4), dx).concat(m.full(new Shape(1, 2, 1, 4, 4), dy), 2);
    }
}
