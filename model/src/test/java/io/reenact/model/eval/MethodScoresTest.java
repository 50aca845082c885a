package io.reenact.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MethodScoresTest {

    @Test
    void correlationErrorFollowsItsFormula() {
        assertEquals(0.075, MethodScores.correlationError(0.5, 101), 1e-9);
        assertEquals(0.0, MethodScores.correlationError(1.0, 50), 1e-9);
        assertTrue(Double.isNaN(MethodScores.correlationError(0.5, 2)));
        assertTrue(Double.isNaN(MethodScores.correlationError(Double.NaN, 80)));
    }

    /** The spread of correlations over many samples of 80 pairs is what the error says it is. */
    @Test
    void correlationErrorMatchesTheSpreadOfSampledCorrelations() {
        Random random = new Random(7);
        double rho = 0.45;
        int samples = 2000;
        double sum = 0;
        double squares = 0;
        for (int s = 0; s < samples; s++) {
            List<double[]> pairs = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                double a = random.nextGaussian();
                pairs.add(new double[] {a, rho * a + Math.sqrt(1 - rho * rho) * random.nextGaussian()});
            }
            double r = MethodScores.correlation(pairs);
            sum += r;
            squares += r * r;
        }
        double mean = sum / samples;
        double spread = Math.sqrt(squares / samples - mean * mean);
        assertEquals(MethodScores.correlationError(rho, 80), spread, 0.01);
    }
}
