package io.reenact.model.train;

/**
 * Rejects gradient steps whose global norm is not finite or far above the recent typical norm
 * (an exponential moving average of accepted norms). A warm-up accepts the first steps, whose norms
 * shrink quickly as training starts.
 */
final class GradientGuard {

    static final int WARM_UP = 20;
    static final double FACTOR = 20;

    private double typical = Double.NaN;
    private long accepted;

    boolean accept(double norm) {
        if (!Double.isFinite(norm)) {
            return false;
        }
        if (accepted >= WARM_UP && norm > FACTOR * typical) {
            return false;
        }
        typical = Double.isNaN(typical) ? norm : 0.95 * typical + 0.05 * norm;
        accepted++;
        return true;
    }

    double typical() {
        return typical;
    }
}
