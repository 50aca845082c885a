package io.reenact.cli;

import io.reenact.stages.LatencySamples;
import io.reenact.stages.RecordedStageMetrics;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a demo run measured, and its printout. Per-stage times are inside each stage (decode, model,
 * encode); end-to-end is capture → arrival at the egress; Kafka's share is end-to-end minus the
 * time spent in the networks, and separately the pure transit time between stages.
 */
record DemoReport(long published, long reenacted, long mp4Frames, long heldFrames, long drops, long deadLetters,
                  double inputFps, double outputFps, Map<String, RecordedStageMetrics.Stage> stages,
                  LatencySamples endToEndMs, LatencySamples modelMs, LatencySamples kafkaShareMs,
                  LatencySamples transitMs, List<String> failures) {

    /** Stages in pipeline order, as printed. */
    static final List<String> ORDER = List.of("segment", "pose", "generate");

    boolean ok() {
        return failures.isEmpty();
    }

    void print(PrintStream out) {
        out.println();
        out.println("== reenact demo: results ==");
        out.printf(Locale.ROOT, "frames: %d published, %d reenacted, %d in the MP4 (%d held from the previous frame)%n",
                published, reenacted, mp4Frames, heldFrames);
        out.printf(Locale.ROOT, "drops (older than the deadline): %d   dead letters: %d%n", drops, deadLetters);
        out.printf(Locale.ROOT, "frames/s: %.1f in, %.1f out%n", inputFps, outputFps);
        out.println();
        out.printf(Locale.ROOT, "%-22s %9s %9s %9s%n", "latency (ms)", "p50", "p99", "samples");
        for (String name : ORDER) {
            RecordedStageMetrics.Stage s = stages.get(name);
            if (s != null) {
                row(out, "stage " + name, s.processingMicros, 1000.0);
                row(out, "  of which model", s.modelMicros, 1000.0);
            }
        }
        stages.forEach((name, s) -> {
            if (!ORDER.contains(name)) {
                row(out, "stage " + name, s.processingMicros, 1000.0);
            }
        });
        row(out, "end-to-end", endToEndMs, 1.0);
        row(out, "  model (all stages)", modelMs, 1.0);
        row(out, "  Kafka's share", kafkaShareMs, 1.0);
        row(out, "  transit between stages", transitMs, 1.0);
        out.println("(Kafka's share = end-to-end minus network time, per frame. Transit = capture to the first stage"
                + " plus the gaps between stages and to the egress: Kafka's hops, and the time a frame waits in a topic"
                + " while a slower stage is busy.)");
        if (!failures.isEmpty()) {
            out.println();
            failures.forEach(f -> out.println("FAILED: " + f));
        }
    }

    private static void row(PrintStream out, String label, LatencySamples samples, double divisor) {
        out.printf(Locale.ROOT, "%-22s %9.1f %9.1f %9d%n", label, samples.percentile(50) / divisor,
                samples.percentile(99) / divisor, samples.count());
    }
}
