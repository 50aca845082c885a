package io.reenact.vision;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Wall and thread-CPU durations of repeated calls, for the benches. On a machine shared with other
 * work the wall time includes waiting for a core; the CPU time is what the call itself costs.
 */
public final class Timings {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final long[] wall;
    private final long[] cpu;
    private int n;
    private long wallStart;
    private long cpuStart;

    public Timings(int capacity) {
        wall = new long[capacity];
        cpu = new long[capacity];
    }

    public void start() {
        cpuStart = THREADS.getCurrentThreadCpuTime();
        wallStart = System.nanoTime();
    }

    public void stop() {
        if (n == wall.length) {
            throw new IllegalStateException("already holds " + n + " timings");
        }
        wall[n] = System.nanoTime() - wallStart;
        cpu[n++] = THREADS.getCurrentThreadCpuTime() - cpuStart;
    }

    public int count() {
        return n;
    }

    /** The {@code percent}-th percentile of the wall times so far, in milliseconds. */
    public double wallMillis(double percent) {
        return percentile(millis(wall), percent);
    }

    /** The {@code percent}-th percentile of the thread-CPU times so far, in milliseconds. */
    public double cpuMillis(double percent) {
        return percentile(millis(cpu), percent);
    }

    /** "what: wall p50 …, p99 … | cpu p50 …, p99 …". */
    public void print(String what) {
        System.out.printf(Locale.ROOT, "%s: wall p50 %.3f ms, p99 %.3f ms | cpu p50 %.3f ms, p99 %.3f ms%n",
                what, wallMillis(50), wallMillis(99), cpuMillis(50), cpuMillis(99));
    }

    private double[] millis(long[] nanos) {
        if (n == 0) {
            throw new IllegalStateException("no timings yet");
        }
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            ms[i] = nanos[i] / 1e6;
        }
        return ms;
    }

    /** The nearest-rank {@code percent}-th percentile (0 to 100) of {@code values}, which may be unsorted. */
    public static double percentile(double[] values, double percent) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
