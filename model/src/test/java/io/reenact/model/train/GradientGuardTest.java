package io.reenact.model.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    @Test
    void aRunWhoseEveryUpdateIsDroppedStopsWithTheReason() {
        GradientGuard guard = new GradientGuard();
        for (int i = 1; i < GradientGuard.MAX_REJECTED_IN_A_ROW; i++) {
            assertFalse(guard.accept(Double.NaN));
        }
        assertTrue(guard.accept(1.0), "one good update resets the count");
        for (int i = 1; i < GradientGuard.MAX_REJECTED_IN_A_ROW; i++) {
            assertFalse(guard.accept(Double.NaN));
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> guard.accept(Double.NaN));
        assertTrue(e.getMessage().contains("num_threads=1"), e.getMessage());
    }
}
