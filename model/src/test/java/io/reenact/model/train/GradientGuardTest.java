package io.reenact.model.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GradientGuardTest {

    @Test
    void rejectsNonFiniteAndOutlierNorms() {
        GradientGuard guard = new GradientGuard();
        assertFalse(guard.accept(Double.NaN));
        assertTrue(guard.accept(500), "warm-up accepts large early norms");
        for (int i = 0; i < 40; i++) {
            assertTrue(guard.accept(1.0 + 0.1 * (i % 3)));
        }
        assertFalse(guard.accept(1e4), "an outlier 10⁴× the typical norm");
        assertFalse(guard.accept(Double.POSITIVE_INFINITY));
        assertTrue(guard.accept(3.0), "a moderately larger norm is normal");
    }
}
