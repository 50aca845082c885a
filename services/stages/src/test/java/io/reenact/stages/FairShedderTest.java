package io.reenact.stages;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An overloaded stage, simulated in milliseconds: 8 streams at 25 frames/s into a stage that
 * processes 33 frames/s and, like Kafka Streams' fixed task order, always takes the lowest stream
 * first. Without shedding, the first streams take everything and the rest go stale; with it, each
 * gets an even share, and the frames it processes stay young.
 */
class FairShedderTest {

    private static final int STREAMS = 8;
    private static final long DEADLINE_MS = 1_000;
    private static final long COST_MS = 30;

    private record Frame(int stream, long captureMs) {
    }

    @Test
    void withoutSheddingTheFirstStreamsTakeEverything() {
        long[] served = simulate(FairShedder.NONE);
        assertTrue(served[0] > 1_000, Arrays.toString(served));
        assertEquals(0, served[STREAMS - 1], "the last streams starve: " + Arrays.toString(served));
    }

    @Test
    void withSheddingEveryStreamGetsAnEvenShare() {
        FairShedder shedder = FairShedder.forDeadline(java.time.Duration.ofMillis(DEADLINE_MS));
        long[] served = simulate(shedder);
        long min = Arrays.stream(served).min().orElseThrow();
        long max = Arrays.stream(served).max().orElseThrow();
        long total = Arrays.stream(served).sum();
        System.out.println("frames served per stream with shedding: " + Arrays.toString(served));
        assertTrue(min > 0 && max <= 1.25 * min, "even shares: " + Arrays.toString(served));
        assertTrue(total > 0.9 * 60_000 / COST_MS, "the stage stays busy: " + total);
        assertTrue(shedder.intervalMs() > 100, "the shared interval settled: " + shedder.intervalMs());
    }

    /** Frames processed per stream over 60 s (after 10 s to settle). */
    private static long[] simulate(FairShedder shedder) {
        long[] served = new long[STREAMS];
        List<Frame> pending = new ArrayList<>();
        long busyUntil = 0;
        for (long t = 0; t < 70_000; t++) {
            for (int s = 0; s < STREAMS; s++) {
                if (t % 40 == s) {
                    pending.add(new Frame(s, t));
                }
            }
            while (t >= busyUntil && !pending.isEmpty()) {
                Frame next = pending.stream().min(Comparator.comparingInt(Frame::stream)
                        .thenComparingLong(Frame::captureMs)).orElseThrow();
                pending.remove(next);
                if (t - next.captureMs() > DEADLINE_MS || !shedder.admit("s" + next.stream(), next.captureMs(), t)) {
                    continue; // dropped: costs nothing
                }
                busyUntil = t + COST_MS;
                if (t >= 10_000) {
                    served[next.stream()]++;
                }
            }
        }
        return served;
    }
}
