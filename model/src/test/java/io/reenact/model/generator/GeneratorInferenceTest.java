package io.reenact.model.generator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.reenact.model.ModelConfig;
import org.junit.jupiter.api.Test;

/** The inference shortcut of {@link Generator#precomputeUpsampling()} must not change a pixel. */
class GeneratorInferenceTest {

    @Test
    void precomputedUpsamplingRendersTheSameImageAndMask() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            Generator g = new Generator(ModelConfig.cpu128());
            g.initialize(m, DataType.FLOAT32, new Shape(2, g.adaInParamCount()));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray params = m.randomNormal(new Shape(2, g.adaInParamCount())).mul(0.3f).add(1f);

            NDList plain = g.forward(ps, new NDList(params), false);
            float[] rgb = plain.get(0).toFloatArray();
            float[] mask = plain.get(1).toFloatArray();
            g.precomputeUpsampling();
            NDList fast = g.forward(ps, new NDList(params), false);

            assertClose(rgb, fast.get(0).toFloatArray(), "rgb");
            assertClose(mask, fast.get(1).toFloatArray(), "mask");
        }
    }

    private static void assertClose(float[] expected, float[] got, String what) {
        float worst = 0f;
        double spread = 0;
        for (int i = 0; i < got.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - expected[i]));
            spread += Math.abs(expected[i] - 0.5f);
        }
        // well below one 8-bit level, on outputs that do vary
        assertTrue(worst < 1e-3f, what + ": largest difference " + worst);
        assertTrue(spread / got.length > 0.01, what + " is flat");
    }
}
