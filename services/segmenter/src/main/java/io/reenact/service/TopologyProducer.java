package io.reenact.service;

import io.reenact.segment.SegmentTopology;
import io.reenact.stages.ReenactorModels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;

/** The segmenter service's one topology: driver-frames → segmented-frames. */
@ApplicationScoped
public class TopologyProducer {

    @Produces
    @Singleton
    Topology topology(ReenactorModels models, StageSettings settings, MicrometerStageMetrics metrics) {
        return new SegmentTopology(models, settings.options(metrics)).build();
    }
}
