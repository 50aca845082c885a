package io.reenact.model.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PoseProbeTest {

    @Test
    void aFactorWrittenLinearlyIntoTheCodeIsReadBackAndNoiseIsNot() {
        Random rng = new Random(3);
        List<double[]> x = new ArrayList<>();
        List<Double> carried = new ArrayList<>();
        List<Double> absent = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            double factor = rng.nextDouble();
            double[] code = new double[9];
            for (int j = 0; j < 8; j++) {
                code[j] = rng.nextGaussian();
            }
            code[3] += 2 * factor;
            code[5] -= factor;
            code[8] = 1;
            x.add(code);
            carried.add(factor);
            absent.add(rng.nextDouble());
        }
        List<double[]> fitX = x.subList(0, 200);
        List<double[]> testX = x.subList(200, 400);
        double r2 = PoseProbe.rSquared(testX, carried.subList(200, 400),
                LeastSquares.ridge(fitX, carried.subList(0, 200), 1e-3));
        double none = PoseProbe.rSquared(testX, absent.subList(200, 400),
                LeastSquares.ridge(fitX, absent.subList(0, 200), 1e-3));
        assertTrue(r2 > 0.2, "a factor mixed into two code entries is recovered: R² " + r2);
        assertTrue(none < 0.1, "a factor the code does not carry is not: R² " + none);
    }
}
