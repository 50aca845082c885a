package io.reenact.service;

import io.reenact.pose.PoseTopology;
import io.reenact.stages.ReenactorModels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;

/** The pose-embedding service's one topology: segmented-frames → pose-embeddings. */
@ApplicationScoped
public class TopologyProducer {

    @Produces
    @Singleton
    Topology topology(ReenactorModels models, StageSettings settings, MicrometerStageMetrics metrics) {
        return new PoseTopology(models, settings.options(metrics)).build();
    }
}
