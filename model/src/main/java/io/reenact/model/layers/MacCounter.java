package io.reenact.model.layers;

/**
 * Counts multiply-accumulates done by {@link Conv} and {@link Dense} on the current thread while
 * counting is switched on. Measuring a real forward pass keeps the GFLOP figures honest: they
 * follow the blocks as built, not a hand-maintained formula.
 */
public final class MacCounter {

    private static final ThreadLocal<long[]> COUNT = new ThreadLocal<>();

    private MacCounter() {
    }

    public static void start() {
        COUNT.set(new long[1]);
    }

    /** Stops counting and returns the multiply-accumulates seen since {@link #start()}. */
    public static long stop() {
        long[] c = COUNT.get();
        COUNT.remove();
        return c == null ? 0 : c[0];
    }

    static void add(long macs) {
        long[] c = COUNT.get();
        if (c != null) {
            c[0] += macs;
        }
    }
}
