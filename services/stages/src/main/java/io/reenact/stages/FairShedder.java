package io.reenact.stages;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sheds a stage's load evenly across streams when it falls behind. One instance per stage and
 * process, shared by the stage's tasks: Kafka Streams serves its tasks in a fixed order, so an
 * overloaded stage that only drops frames past the deadline serves the first partitions' streams
 * and lets every frame of the others go stale (measured: 2 of 8 streams served, 6 starved).
 *
 * <p>Instead, every stream gets the same minimum interval between the frames the stage processes.
 * The interval grows while frames arrive older than the target age (additive increase, fast) and
 * shrinks while they arrive fresh (slowly), so it settles where the stage keeps up: with N streams
 * and a capacity of C frames/s, each stream gets about C/N. At zero (a stage that keeps up) nothing is shed.
 */
public final class FairShedder {

    /** Sheds nothing (a stage that must see every frame, or a test). */
    public static final FairShedder NONE = new FairShedder(Long.MAX_VALUE / 4);

    private static final double STEP_UP_MS = 3.0;
    private static final double STEP_DOWN_MS = 0.1;
    private static final double MAX_INTERVAL_MS = 2_000;
    private static final int MAX_STREAMS = 10_000;

    private final long targetAgeMs;
    private double intervalMs;
    private final Map<String, Long> lastAdmitted = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_STREAMS;
        }
    };

    /** @param targetAge how old a frame may arrive before the stage sheds load (a fraction of the deadline) */
    public FairShedder(long targetAgeMs) {
        this.targetAgeMs = targetAgeMs;
    }

    /** A quarter of the deadline: the stages before and after need their share of it too. */
    public static FairShedder forDeadline(Duration deadline) {
        return new FairShedder(Math.max(1, deadline.toMillis() / 4));
    }

    /** False when this frame should be skipped so that every stream keeps an even share. */
    public synchronized boolean admit(String streamId, long captureTimeMs, long nowMs) {
        long age = nowMs - captureTimeMs;
        if (age > targetAgeMs) {
            intervalMs = Math.min(MAX_INTERVAL_MS, intervalMs + STEP_UP_MS);
        } else if (age < targetAgeMs / 2) {
            intervalMs = Math.max(0, intervalMs - STEP_DOWN_MS);
        }
        Long last = lastAdmitted.get(streamId);
        if (last != null && captureTimeMs >= last && captureTimeMs - last < intervalMs) {
            return false;
        }
        lastAdmitted.put(streamId, captureTimeMs);
        return true;
    }

    /** The current minimum interval between a stream's processed frames (0: nothing shed). */
    public synchronized double intervalMs() {
        return intervalMs;
    }
}
