package io.reenact.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.reenact.schema.StageTiming;

/**
 * Per-stage timestamps carried on each record. From them any consumer reads end-to-end latency
 * (capture → last stage done), each stage's own time, and Kafka's share: the gaps between one
 * stage's done time and the next stage's receive time (plus capture → first receive).
 */
public final class Timings {

    private Timings() {
    }

    public static StageTimer start(String stage, StageClock clock) {
        return new StageTimer(stage, clock);
    }

    /** A new list: the records' lists may be immutable or shared. */
    public static List<StageTiming> append(List<StageTiming> existing, StageTiming timing) {
        List<StageTiming> out = new ArrayList<>(existing == null ? List.of() : existing);
        out.add(timing);
        return out;
    }

    /** Capture to the last stage's done time; 0 when no stage has timed the record yet. */
    public static long endToEndMs(long captureTimeMs, List<StageTiming> timings) {
        if (timings == null || timings.isEmpty()) {
            return 0L;
        }
        return timings.get(timings.size() - 1).getDoneMs() - captureTimeMs;
    }

    /** Time spent between stages (in Kafka and in transit): capture → first receive plus each gap. */
    public static long kafkaMs(long captureTimeMs, List<StageTiming> timings) {
        if (timings == null || timings.isEmpty()) {
            return 0L;
        }
        long total = timings.get(0).getReceivedMs() - captureTimeMs;
        for (int i = 1; i < timings.size(); i++) {
            total += timings.get(i).getReceivedMs() - timings.get(i - 1).getDoneMs();
        }
        return total;
    }

    /** Time inside the stages (the complement of {@link #kafkaMs}). */
    public static long stagesMs(List<StageTiming> timings) {
        long total = 0L;
        for (StageTiming t : timings == null ? Collections.<StageTiming>emptyList() : timings) {
            total += t.getDoneMs() - t.getReceivedMs();
        }
        return total;
    }

    /** Model time summed over the stages, in microseconds. */
    public static long modelMicros(List<StageTiming> timings) {
        long total = 0L;
        for (StageTiming t : timings == null ? Collections.<StageTiming>emptyList() : timings) {
            total += t.getModelMicros();
        }
        return total;
    }
}
