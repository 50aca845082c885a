package io.reenact.stages;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keeps every stage's counters and recent latency samples in memory: what the CLI prints at the
 * end of a run, and what tests read back.
 */
public final class RecordedStageMetrics implements StageMetrics {

    /** Counters and samples of one stage. */
    public static final class Stage {
        public final LongAdder received = new LongAdder();
        public final LongAdder emitted = new LongAdder();
        public final LongAdder dropped = new LongAdder();
        public final LongAdder deadLettered = new LongAdder();
        public final LatencySamples processingMicros;
        public final LatencySamples modelMicros;
        public final LatencySamples endToEndMillis;
        private final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();

        Stage(int samples) {
            processingMicros = new LatencySamples(samples);
            modelMicros = new LatencySamples(samples);
            endToEndMillis = new LatencySamples(samples);
        }

        /** Dead letters per reason's first words (the part before any ':'). */
        public Map<String, Long> deadLetterReasons() {
            Map<String, Long> out = new TreeMap<>();
            reasons.forEach((k, v) -> out.put(k, v.sum()));
            return out;
        }
    }

    private final Map<String, Stage> stages = new ConcurrentHashMap<>();
    private final int samples;

    public RecordedStageMetrics() {
        this(100_000);
    }

    public RecordedStageMetrics(int samplesPerStage) {
        this.samples = samplesPerStage;
    }

    public Stage stage(String name) {
        return stages.computeIfAbsent(name, n -> new Stage(samples));
    }

    /** Forgets every counter and sample (a stage still busy with an earlier record may add it to the new ones). */
    public void reset() {
        stages.clear();
    }

    public Map<String, Stage> stages() {
        return new TreeMap<>(stages);
    }

    @Override
    public void received(String stage) {
        stage(stage).received.increment();
    }

    @Override
    public void emitted(String stage, long processingMicros, long modelMicros, long endToEndMillis) {
        Stage s = stage(stage);
        s.emitted.increment();
        s.processingMicros.add(processingMicros);
        s.modelMicros.add(modelMicros);
        s.endToEndMillis.add(endToEndMillis);
    }

    @Override
    public void dropped(String stage) {
        stage(stage).dropped.increment();
    }

    @Override
    public void deadLettered(String stage, String reason) {
        Stage s = stage(stage);
        s.deadLettered.increment();
        int colon = reason.indexOf(':');
        String kind = colon > 0 ? reason.substring(0, colon) : reason;
        s.reasons.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** One line per stage: counts and processing / model percentiles in milliseconds. */
    public String summary() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-10s %8s %8s %7s %7s %9s %9s %9s %9s%n", "stage", "in", "out", "drops",
                "dead", "proc p50", "proc p99", "model p50", "model p99"));
        stages().forEach((name, s) -> out.append(String.format("%-10s %8d %8d %7d %7d %9.2f %9.2f %9.2f %9.2f%n",
                name, s.received.sum(), s.emitted.sum(), s.dropped.sum(), s.deadLettered.sum(),
                s.processingMicros.percentile(50) / 1000.0, s.processingMicros.percentile(99) / 1000.0,
                s.modelMicros.percentile(50) / 1000.0, s.modelMicros.percentile(99) / 1000.0)));
        return out.toString();
    }
}
