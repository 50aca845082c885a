package io.reenact.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterGroupTest {

    /**
     * A poisoned gradient is cleared in its own buffer. DJL's {@code set}/{@code copyTo} would
     * instead point the gradient at a Java buffer that the garbage collector frees once the
     * temporary wrapper is closed; every later backward pass then accumulates into freed memory
     * (what crashed training with heap corruption right after each dropped update).
     */
    @Test
    void clearingANonFiniteGradientKeepsItsBufferAlive() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
            p.setArray(m.ones(new Shape(4096)));
            p.getArray().setRequiresGradient(true);
            List<Parameter> params = List.of(p);
            float[] twos = new float[4096];
            java.util.Arrays.fill(twos, 2f);
            List<byte[]> churn = new ArrayList<>();
            for (int round = 0; round < 200; round++) {
                backward(m, p, Float.NaN);
                ParameterGroup.clearNonFinite(params);
                // make the collector free direct buffers and reuse their memory
                System.gc();
                for (int i = 0; i < 8; i++) {
                    try (NDArray scratch = m.create(new float[4096])) {
                        scratch.addi(7f);
                        churn.add(new byte[1 << 14]);
                    }
                }
                churn.clear();
                backward(m, p, 2f);
                try (NDArray grad = p.getArray().getGradient()) {
                    assertArrayEquals(twos, grad.toFloatArray(), "round " + round);
                }
                ParameterGroup.clear(params);
            }
        }
    }

    private static void backward(NDManager m, Parameter p, float factor) {
        try (NDManager sm = m.newSubManager();
             GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = p.getArray().mul(factor).sum();
            loss.attach(sm);
            gc.backward(loss);
        }
    }
}
