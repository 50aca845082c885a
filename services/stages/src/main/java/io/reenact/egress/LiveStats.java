package io.reenact.egress;

import java.util.ArrayDeque;
import java.util.Locale;

/**
 * Frames per second and end-to-end latency of one output stream over the last few seconds, as the
 * viewer page shows them. A sliding window rather than totals, so the figures react when the
 * pipeline slows down.
 */
public final class LiveStats {

    private static final long WINDOW_MS = 3_000;

    private final ArrayDeque<long[]> window = new ArrayDeque<>();
    private long frames;
    private long lastSequence = -1;

    /** Records one output frame: when it arrived here and its end-to-end latency. */
    public synchronized void record(long sequence, long arrivedMs, long latencyMs) {
        window.addLast(new long[] {arrivedMs, latencyMs});
        while (!window.isEmpty() && window.peekFirst()[0] < arrivedMs - WINDOW_MS) {
            window.removeFirst();
        }
        frames++;
        lastSequence = sequence;
    }

    public synchronized double framesPerSecond() {
        if (window.size() < 2) {
            return 0;
        }
        long span = window.peekLast()[0] - window.peekFirst()[0];
        return span <= 0 ? 0 : (window.size() - 1) * 1000.0 / span;
    }

    /** Latency percentile (0..100) over the window, in ms; -1 when empty. */
    public synchronized long latencyPercentile(double p) {
        if (window.isEmpty()) {
            return -1;
        }
        long[] values = window.stream().mapToLong(e -> e[1]).sorted().toArray();
        int index = (int) Math.ceil(p / 100.0 * values.length) - 1;
        return values[Math.max(0, Math.min(values.length - 1, index))];
    }

    public synchronized long frames() {
        return frames;
    }

    /** The figures as a small JSON object for the viewer page. */
    public synchronized String toJson() {
        return String.format(Locale.ROOT,
                "{\"frames\":%d,\"lastSequence\":%d,\"fps\":%.2f,\"latencyP50Ms\":%d,\"latencyP99Ms\":%d}",
                frames, lastSequence, framesPerSecond(), latencyPercentile(50), latencyPercentile(99));
    }

    @Override
    public String toString() {
        return toJson();
    }
}
