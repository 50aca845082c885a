package io.reenact.stages;

import io.reenact.common.StageClock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What every stage is configured with besides its model and topic names.
 *
 * @param deadline a frame captured longer ago than this is dropped, never queued: live video must
 *     not build lag
 * @param limits the largest frame accepted
 * @param jpegQuality quality of the JPEGs a stage writes (driver copies, reenacted frames)
 * @param clock wall clock; a manual one in tests of the deadline
 * @param metrics where counters and latencies go
 * @param serdeConfig the serde configuration ({@code reenact.serde}, registry URL)
 */
public record StageOptions(Duration deadline, FrameLimits limits, int jpegQuality, StageClock clock,
        StageMetrics metrics, Map<String, ?> serdeConfig) {

    public StageOptions {
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(metrics, "metrics");
        serdeConfig = Map.copyOf(serdeConfig);
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new IllegalArgumentException("JPEG quality must be 1..100: " + jpegQuality);
        }
    }

    /** One second of deadline, default limits, JPEG quality 90, the system clock, no metrics. */
    public static StageOptions defaults() {
        return new StageOptions(Duration.ofSeconds(1), FrameLimits.DEFAULT, 90, StageClock.system(), StageMetrics.NONE,
                Map.of());
    }

    public StageOptions withDeadline(Duration d) {
        return new StageOptions(d, limits, jpegQuality, clock, metrics, serdeConfig);
    }

    public StageOptions withLimits(FrameLimits l) {
        return new StageOptions(deadline, l, jpegQuality, clock, metrics, serdeConfig);
    }

    public StageOptions withClock(StageClock c) {
        return new StageOptions(deadline, limits, jpegQuality, c, metrics, serdeConfig);
    }

    public StageOptions withMetrics(StageMetrics m) {
        return new StageOptions(deadline, limits, jpegQuality, clock, m, serdeConfig);
    }

    public StageOptions withSerdeConfig(Map<String, ?> config) {
        return new StageOptions(deadline, limits, jpegQuality, clock, metrics, config);
    }
}
