package io.reenact.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.reenact.model.generator.AdaIn;
import org.junit.jupiter.api.Test;

class AdaInTest {

    @Test
    void matchesHandComputedCase() {
        try (NDManager m = NDManager.newBaseManager()) {
            // one sample, two channels, 2×2 pixels
            NDArray x = m.create(new float[] {1, 2, 3, 4, 0, 0, 2, 2}, new Shape(1, 2, 2, 2));
            NDArray gamma = m.create(new float[] {2f, 0.5f}, new Shape(1, 2));
            NDArray beta = m.create(new float[] {1f, -1f}, new Shape(1, 2));
            NDArray y = new AdaIn(2).forward(new ParameterStore(m, false), new NDList(x, gamma, beta), false)
                    .singletonOrThrow();
            // channel 0: mean 2.5, variance 1.25 → x̂ = ±1.341641, ±0.447214; ·2 + 1
            // channel 1: mean 1, variance 1 → x̂ = ∓1; ·0.5 − 1
            float[] expected = {-1.683282f, 0.105573f, 1.894427f, 3.683282f, -1.5f, -1.5f, -0.5f, -0.5f};
            assertArrayEquals(expected, y.toFloatArray(), 1e-4f);
        }
    }

    @Test
    void normalisesEachSampleSeparately() {
        try (NDManager m = NDManager.newBaseManager()) {
            // the second sample is the first scaled by 10 and shifted: same normalised values
            float[] a = {1, 5, 2, 8};
            float[] both = new float[8];
            for (int i = 0; i < 4; i++) {
                both[i] = a[i];
                both[4 + i] = a[i] * 10 + 3;
            }
            NDArray y = AdaIn.apply(m.create(both, new Shape(2, 1, 2, 2)), m.ones(new Shape(2, 1)), m.zeros(new Shape(2, 1)));
            float[] v = y.toFloatArray();
            for (int i = 0; i < 4; i++) {
                org.junit.jupiter.api.Assertions.assertEquals(v[i], v[4 + i], 1e-4f);
            }
        }
    }

    /** The fused kernel's gradients agree with those of the textbook formula. */
    @Test
    void gradientsMatchTheExplicitFormula() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape shape = new Shape(2, 4, 8, 8);
            NDArray x0 = m.randomNormal(shape);
            NDArray g0 = m.randomNormal(new Shape(2, 4));
            NDArray b0 = m.randomNormal(new Shape(2, 4));
            NDArray weights = m.randomNormal(shape);
            float[][][] grads = new float[2][][];
            for (int variant = 0; variant < 2; variant++) {
                NDArray x = x0.duplicate();
                NDArray g = g0.duplicate();
                NDArray b = b0.duplicate();
                x.setRequiresGradient(true);
                g.setRequiresGradient(true);
                b.setRequiresGradient(true);
                try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                    NDArray y = variant == 0 ? explicit(x.mul(1f), g.mul(1f), b.mul(1f)) : AdaIn.apply(x.mul(1f), g.mul(1f), b.mul(1f));
                    gc.backward(y.mul(weights).sum());
                }
                grads[variant] = new float[][] {
                    x.getGradient().toFloatArray(), g.getGradient().toFloatArray(), b.getGradient().toFloatArray()};
            }
            for (int k = 0; k < 3; k++) {
                assertArrayEquals(grads[0][k], grads[1][k], 1e-3f);
            }
        }
    }

    private static NDArray explicit(NDArray x, NDArray gamma, NDArray beta) {
        Shape s = x.getShape();
        NDArray flat = x.reshape(s.get(0), s.get(1), s.get(2) * s.get(3));
        NDArray centred = flat.sub(flat.mean(new int[] {2}, true));
        NDArray variance = centred.square().mean(new int[] {2}, true);
        return centred.div(variance.add(AdaIn.EPS).sqrt())
                .mul(gamma.reshape(s.get(0), s.get(1), 1)).add(beta.reshape(s.get(0), s.get(1), 1)).reshape(s);
    }
}
