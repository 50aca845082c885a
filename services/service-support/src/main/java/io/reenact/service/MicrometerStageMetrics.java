package io.reenact.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.reenact.stages.StageMetrics;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The stages' {@link StageMetrics} as Micrometer meters, scraped by Prometheus from /q/metrics:
 * <ul>
 *   <li>{@code reenact_stage_frames_received_total} / {@code _emitted_total}: frames/s is their rate()</li>
 *   <li>{@code reenact_stage_processing_seconds}, {@code reenact_stage_model_seconds}: per-stage latency
 *       (p50/p99 published, plus a histogram for aggregation across instances)</li>
 *   <li>{@code reenact_end_to_end_seconds}: capture time to this stage's output</li>
 *   <li>{@code reenact_stage_frames_dropped_total}: frames older than the deadline</li>
 *   <li>{@code reenact_dead_letters_total{reason}}: records sent to dead-letters</li>
 * </ul>
 */
@ApplicationScoped
public class MicrometerStageMetrics implements StageMetrics {

    private final MeterRegistry registry;
    private final Map<String, Meters> meters = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();

    public MicrometerStageMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    private record Meters(Counter received, Counter emitted, Counter dropped, Timer processing, Timer model,
                          Timer endToEnd) {
    }

    private Meters meters(String stage) {
        return meters.computeIfAbsent(stage, s -> new Meters(
                Counter.builder("reenact.stage.frames.received").tag("stage", s).register(registry),
                Counter.builder("reenact.stage.frames.emitted").tag("stage", s).register(registry),
                Counter.builder("reenact.stage.frames.dropped").tag("stage", s)
                        .description("frames older than the stage's deadline, dropped instead of queued")
                        .register(registry),
                timer("reenact.stage.processing", s, "time inside the stage: decode, model, encode"),
                timer("reenact.stage.model", s, "time in the network"),
                timer("reenact.end.to.end", s, "capture time to this stage's output")));
    }

    private Timer timer(String name, String stage, String description) {
        return Timer.builder(name).tag("stage", stage).description(description)
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
    }

    @Override
    public void received(String stage) {
        meters(stage).received().increment();
    }

    @Override
    public void emitted(String stage, long processingMicros, long modelMicros, long endToEndMillis) {
        Meters m = meters(stage);
        m.emitted().increment();
        m.processing().record(processingMicros, TimeUnit.MICROSECONDS);
        m.model().record(modelMicros, TimeUnit.MICROSECONDS);
        if (endToEndMillis > 0) {
            m.endToEnd().record(endToEndMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void dropped(String stage) {
        meters(stage).dropped().increment();
    }

    @Override
    public void deadLettered(String stage, String reason) {
        int colon = reason.indexOf(':');
        String kind = colon > 0 ? reason.substring(0, colon) : reason;
        deadLetters.computeIfAbsent(stage + '\u0000' + kind, k -> Counter.builder("reenact.dead.letters")
                .tag("stage", stage).tag("reason", kind).register(registry)).increment();
    }
}
