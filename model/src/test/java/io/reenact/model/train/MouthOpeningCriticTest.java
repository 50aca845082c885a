package io.reenact.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.reenact.model.data.SyntheticHeads;
import io.reenact.model.eval.ExpressionMeasures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class MouthOpeningCriticTest {

    @Test
    void readsTheOpeningOfPeopleItWasNotTaughtOn() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Engine.getInstance().setRandomSeed(7); // the critic's first weights
        try (NDManager m = NDManager.newBaseManager(); MouthOpeningCritic critic = new MouthOpeningCritic(m, 128)) {
            double r2 = critic.pretrain(new SyntheticHeads(3), 128, 400, 3, 1500, new PrintStream(log, true));
            System.out.print(log);
            assertTrue(r2 > 0.3, "R² on validation people " + r2);
            assertTrue(log.toString().contains("mouth-opening critic"), log.toString());
        }
    }

    @Test
    void theOutputsReadingMovesTheImageAndNotTheCritic() {
        try (NDManager m = NDManager.newBaseManager(); MouthOpeningCritic critic = new MouthOpeningCritic(m, 32)) {
            NDArray images = m.randomUniform(0f, 1f, new Shape(2, 3, 32, 32));
            images.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                c.backward(critic.loss(images, m.ones(new Shape(2, 1)), m.ones(new Shape(2, 1)), true));
            }
            assertTrue(images.getGradient().abs().sum().getFloat() > 0, "the image takes a gradient");
            NDArray before = critic.read(images.stopGradient(), true).duplicate();
            critic.step(); // no gradient reached the critic, so Adam moves nothing
            assertEquals(before.getFloat(0, 0), critic.read(images.stopGradient(), true).getFloat(0, 0), 1e-6f);
        }
    }

    @Test
    void readsEvalsMeasureScaled() {
        float[] lm = new float[136];
        // eye corners 36 and 45 ten apart; inner lips 61/67, 62/66, 63/65 two apart
        lm[36 * 2] = 0;
        lm[45 * 2] = 10;
        for (int[] pair : new int[][] {{61, 67}, {62, 66}, {63, 65}}) {
            lm[pair[0] * 2 + 1] = 20;
            lm[pair[1] * 2 + 1] = 22;
        }
        assertEquals(ExpressionMeasures.mouthOpening(lm) * 5, MouthOpeningCritic.opening(lm), 1e-6);
        assertEquals(1.0, MouthOpeningCritic.opening(lm), 1e-6);
    }
}
