package io.reenact.model.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/**
 * Guards the work-around in {@link Conv}: libtorch's CPU input gradient for convolutions with few
 * output channels (the generator's final 16 → 4 layer) is wrong; ours must match finite
 * differences.
 */
class ConvGradientTest {

    @Test
    void inputGradientOfFewChannelConvMatchesFiniteDifferences() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            Conv conv = new Conv(16, 4, 3, 1, false);
            Shape shape = new Shape(2, 16, 64, 64);
            conv.initialize(m, DataType.FLOAT32, shape);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(shape);
            NDArray r = m.randomNormal(new Shape(2, 4, 64, 64));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(conv.forward(ps, new NDList(x.mul(1f)), true).singletonOrThrow().mul(r).sum());
            }
            float[] grad = x.getGradient().toFloatArray();
            float[] values = x.toFloatArray();
            float eps = 1e-2f;
            for (int idx : new int[] {0, 777, 4096 + 65, 16 * 4096 + 4000, values.length - 1}) {
                double[] loss = new double[2];
                for (int side = 0; side < 2; side++) {
                    float[] shifted = values.clone();
                    shifted[idx] += side == 0 ? eps : -eps;
                    NDArray y = conv.forward(ps, new NDList(m.create(shifted, shape)), false).singletonOrThrow();
                    loss[side] = y.mul(r).sum().getFloat();
                }
                double numeric = (loss[0] - loss[1]) / (2 * eps);
                assertEquals(numeric, grad[idx], 0.02 + 0.02 * Math.abs(numeric), "input gradient at " + idx);
            }
        }
    }
}
