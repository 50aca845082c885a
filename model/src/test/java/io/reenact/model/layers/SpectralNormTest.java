package io.reenact.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class SpectralNormTest {

    @Test
    void layerBecomesNonExpansiveAndIgnoresWeightScale() {
        try (NDManager m = NDManager.newBaseManager()) {
            Dense dense = new Dense(32, 16, true);
            dense.initialize(m, DataType.FLOAT32, new Shape(1, 32));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray probe = m.randomNormal(new Shape(4, 32));
            for (int i = 0; i < 50; i++) { // training passes run the power iteration
                dense.forward(ps, new NDList(probe), true);
            }
            NDArray x = m.randomNormal(new Shape(64, 32));
            float[] before = dense.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
            // bias is zero at initialisation, so ‖y‖ ≤ σ_max(W/σ)·‖x‖ = ‖x‖ row by row
            for (int r = 0; r < 64; r++) {
                double ny = 0;
                for (int j = 0; j < 16; j++) {
                    ny += before[r * 16 + j] * before[r * 16 + j];
                }
                double nx = x.get(r).norm().getFloat();
                assertTrue(Math.sqrt(ny) <= 1.02 * nx, "row " + r + ": " + Math.sqrt(ny) + " > " + nx);
            }
            Parameter w = dense.getParameters().get("weight");
            w.getArray().set(w.getArray().mul(10f).toFloatArray());
            float[] after = dense.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
            assertArrayEquals(before, after, 1e-4f);
        }
    }
}
