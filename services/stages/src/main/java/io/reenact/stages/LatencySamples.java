package io.reenact.stages;

import java.util.Arrays;

/**
 * The most recent latency samples of one quantity (a ring buffer), for percentiles over a run.
 * Bounded, so a stage that runs for days keeps constant memory.
 */
public final class LatencySamples {

    private final long[] ring;
    private long count;

    public LatencySamples(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.ring = new long[capacity];
    }

    public synchronized void add(long value) {
        ring[(int) (count % ring.length)] = value;
        count++;
    }

    /** Samples ever added, including those the ring has since overwritten. */
    public synchronized long count() {
        return count;
    }

    /** The p-th percentile (0..100) of the retained samples, nearest rank; 0 when there are none. */
    public synchronized long percentile(double p) {
        int n = (int) Math.min(count, ring.length);
        if (n == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(ring, n);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * n);
        return sorted[Math.max(0, Math.min(n - 1, rank - 1))];
    }

    public synchronized double mean() {
        int n = (int) Math.min(count, ring.length);
        if (n == 0) {
            return 0;
        }
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += ring[i];
        }
        return (double) sum / n;
    }
}
