package io.reenact.service;

import io.reenact.stages.ReenactorModels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The networks, loaded once per service instance from the checkpoint shipped in the model module
 * (no download at run time). (The same in every model-running service.)
 */
@ApplicationScoped
public class ModelProducer {

    @Produces
    @Singleton
    ReenactorModels models() {
        return ReenactorModels.shipped();
    }

    void close(@Disposes ReenactorModels models) {
        models.close();
    }
}
