package io.reenact.vision.face;

/**
 * The 1€ filter (Casiez, Roussel and Vogel, CHI 2012) for one scalar: a low-pass filter whose
 * cutoff rises with the signal's speed, so a still signal is smoothed hard (little jitter) and a
 * moving one lightly (little lag).
 *
 * <p>{@code cutoff = minCutoff + beta · |filtered speed|}, where the speed is itself low-passed at
 * {@code derivativeCutoff}. Cutoffs are in Hz, so timestamps are in seconds. Not thread-safe.
 */
public final class OneEuroFilter {

    private final double minCutoff;
    private final double beta;
    private final double derivativeCutoff;
    private boolean started;
    private double lastTime;
    private double lastValue;
    private double lastSpeed;

    public OneEuroFilter(double minCutoff, double beta, double derivativeCutoff) {
        if (!(minCutoff > 0) || !(derivativeCutoff > 0) || !(beta >= 0)) {
            throw new IllegalArgumentException("need minCutoff > 0, derivativeCutoff > 0, beta >= 0: "
                    + minCutoff + ", " + derivativeCutoff + ", " + beta);
        }
        this.minCutoff = minCutoff;
        this.beta = beta;
        this.derivativeCutoff = derivativeCutoff;
    }

    /** The filtered value of {@code value} seen at {@code timeSeconds}; times must increase. */
    public double filter(double value, double timeSeconds) {
        if (!Double.isFinite(value) || !Double.isFinite(timeSeconds)) {
            throw new IllegalArgumentException("value and time must be finite: " + value + " at " + timeSeconds);
        }
        if (!started) {
            started = true;
            lastTime = timeSeconds;
            lastValue = value;
            lastSpeed = 0;
            return value;
        }
        double dt = timeSeconds - lastTime;
        if (!(dt > 0)) {
            throw new IllegalArgumentException("time must increase: " + timeSeconds + " after " + lastTime);
        }
        double speed = smoothing(dt, derivativeCutoff) * ((value - lastValue) / dt - lastSpeed) + lastSpeed;
        double cutoff = minCutoff + beta * Math.abs(speed);
        double filtered = lastValue + smoothing(dt, cutoff) * (value - lastValue);
        lastTime = timeSeconds;
        lastValue = filtered;
        lastSpeed = speed;
        return filtered;
    }

    /** Forgets the past: the next value passes through unchanged. */
    public void reset() {
        started = false;
    }

    /** The last filtered value; NaN before the first. */
    public double value() {
        return started ? lastValue : Double.NaN;
    }

    private static double smoothing(double dt, double cutoffHz) {
        double tau = 1.0 / (2 * Math.PI * cutoffHz);
        return 1.0 / (1.0 + tau / dt);
    }
}
