package io.reenact.service;

import io.reenact.model.AvatarSources;
import io.reenact.model.RgbImage;
import io.reenact.stages.ReenactorModels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * The networks, loaded once per service instance from the checkpoint shipped in the model module
 * (no download at run time), and warmed up before the topology starts: the first calls of a
 * network are many times slower, and a live stage would drop every frame that arrives meanwhile.
 * A service that runs no network (egress) never injects the models, so Quarkus drops this producer
 * there as an unused bean and nothing is loaded.
 */
@ApplicationScoped
public class ModelProducer {

    private static final Logger LOG = Logger.getLogger(ModelProducer.class);

    @Produces
    @Singleton
    ReenactorModels models() {
        ReenactorModels models = ReenactorModels.shipped();
        long start = System.nanoTime();
        int size = models.reenactor().config().imageSize();
        RgbImage blank = RgbImage.blank(size, size);
        float[] identity = models.encodeIdentity(List.of(blank));
        AvatarSources sources = models.prepareSources(List.of(blank));
        for (int i = 0; i < 3; i++) {
            models.segment(blank);
            models.base().render(identity, models.encodePose(blank), sources);
        }
        LOG.infof("networks %s loaded and warmed up in %d ms", models.modelVersion(), (System.nanoTime() - start) / 1_000_000);
        return models;
    }

    void close(@Disposes ReenactorModels models) {
        models.close();
    }
}
