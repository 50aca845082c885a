package io.reenact.model.train;

/**
 * Rejects gradient steps whose global norm is not finite or far above the recent typical norm
 * (an exponential moving average of accepted norms). A warm-up accepts the first steps, whose norms
 * shrink quickly as training starts.
 */
public final class GradientGuard {

    static final int WARM_UP = 20;
    static final double FACTOR = 20;
    /** Rejections in a row after which training is stuck, not unlucky. */
    static final int MAX_REJECTED_IN_A_ROW = 50;

    private double typical = Double.NaN;
    private long accepted;
    private int rejectedInARow;

    /**
     * @throws IllegalStateException after {@link #MAX_REJECTED_IN_A_ROW} rejections in a row: every
     *         update is being dropped, and a run that goes on would only burn CPU
     */
    public boolean accept(double norm) {
        if (!Double.isFinite(norm) || accepted >= WARM_UP && norm > FACTOR * typical) {
            if (++rejectedInARow >= MAX_REJECTED_IN_A_ROW) {
                throw new IllegalStateException(rejectedInARow + " gradient updates in a row were dropped (last norm "
                        + norm + "). libtorch's CPU convolution backward has given non-finite gradients with "
                        + "several intra-op threads on some weights: resume with one "
                        + "(-Dai.djl.pytorch.num_threads=1, REENACT_TORCH_THREADS=1 for ./reenact)");
            }
            return false;
        }
        rejectedInARow = 0;
        typical = Double.isNaN(typical) ? norm : 0.95 * typical + 0.05 * norm;
        accepted++;
        return true;
    }

    public double typical() {
        return typical;
    }
}
