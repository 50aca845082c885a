package io.reenact.service;

import io.reenact.generate.GenerateTopology;
import io.reenact.stages.ReenactorModels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The generator service's one topology: pose-embeddings joined with the session bindings and the
 * avatars → reenacted-frames.
 */
@ApplicationScoped
public class TopologyProducer {

    /** Fine-tuned generators kept loaded; each costs its weights' memory. */
    @ConfigProperty(name = "reenact.generator.fine-tuned-cache", defaultValue = "16")
    int fineTunedCache;

    @Produces
    @Singleton
    Topology topology(ReenactorModels models, StageSettings settings, MicrometerStageMetrics metrics) {
        return new GenerateTopology(models, settings.options(metrics), fineTunedCache).build();
    }
}
