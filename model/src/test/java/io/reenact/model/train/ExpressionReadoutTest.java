package io.reenact.model.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.reenact.model.data.HeadPose;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExpressionReadoutTest {

    @Test
    void learnsToReadAnExpressionWrittenLinearlyIntoTheCode() {
        int dim = 16;
        int b = 32;
        Random rng = new Random(2);
        try (NDManager m = NDManager.newBaseManager(); ExpressionReadout readout = new ExpressionReadout(m, dim)) {
            float first = 0;
            float last = 0;
            for (int step = 0; step < 300; step++) {
                float[] code = new float[b * dim];
                float[] expr = new float[b * HeadPose.EXPRESSIONS];
                for (int i = 0; i < b; i++) {
                    for (int j = 0; j < dim; j++) {
                        code[i * dim + j] = (float) rng.nextGaussian() * 0.4f;
                    }
                    for (int e = 0; e < HeadPose.EXPRESSIONS; e++) {
                        expr[i * HeadPose.EXPRESSIONS + e] = 0.5f + 0.5f * code[i * dim + e];
                    }
                }
                try (NDManager sm = m.newSubManager()) {
                    NDArray c = sm.create(code, new Shape(b, dim));
                    NDArray x = sm.create(expr, new Shape(b, HeadPose.EXPRESSIONS));
                    NDArray known = sm.ones(new Shape(b, 1));
                    float value;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = readout.loss(c, x, known);
                        value = loss.getFloat();
                        gc.backward(loss);
                    }
                    readout.step();
                    if (step < 10) {
                        first += value / 10;
                    }
                    if (step >= 290) {
                        last += value / 10;
                    }
                }
            }
            // the expression's variance is 0.25 × 0.16 = 0.04 per entry: a readout of the mean alone stays there
            assertTrue(last < 0.005, "the readout fits (loss " + first + " → " + last + ")");
        }
    }
}
