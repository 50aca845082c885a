package io.reenact.service;

import io.quarkus.runtime.ShutdownEvent;
import io.reenact.segment.FrameSegmenter;
import io.reenact.segment.SegmentTopology;
import io.reenact.segment.SelfieFrameSegmenter;
import io.reenact.stages.ReenactorModels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The segmenter service's one topology: driver-frames → segmented-frames. */
@ApplicationScoped
public class TopologyProducer {

    /**
     * {@code selfie}: MediaPipe selfie segmentation, for real cameras and videos;
     * {@code synthetic}: the shipped network trained on the synthetic heads (for synthetic drivers).
     */
    @ConfigProperty(name = "reenact.segmenter", defaultValue = "selfie")
    String segmenterKind;

    private SelfieFrameSegmenter selfie;

    @Produces
    @Singleton
    Topology topology(ReenactorModels models, StageSettings settings, MicrometerStageMetrics metrics) {
        FrameSegmenter segmenter = switch (segmenterKind) {
            case "synthetic" -> models;
            case "selfie" -> selfie = new SelfieFrameSegmenter(1);
            default -> throw new IllegalArgumentException("reenact.segmenter must be selfie or synthetic, not " + segmenterKind);
        };
        return new SegmentTopology(segmenter, settings.options(metrics)).build();
    }

    void close(@Observes ShutdownEvent event) {
        if (selfie != null) {
            selfie.close();
        }
    }
}
