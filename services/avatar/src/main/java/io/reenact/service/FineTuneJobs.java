package io.reenact.service;

import io.quarkus.runtime.StartupEvent;
import io.reenact.avatar.FineTuneWorker;
import io.reenact.avatar.StillEnrolled;
import io.reenact.stages.FrameLimits;
import io.reenact.stages.ReenactorModels;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The avatar service's fine-tune worker: the fine-tunings enrolments ask for, queued on
 * fine-tune-jobs by the enrol stage, done one at a time off the stream threads. Instances of the
 * service share the queue's partitions.
 */
@ApplicationScoped
public class FineTuneJobs {

    @ConfigProperty(name = "quarkus.kafka-streams.bootstrap-servers")
    String bootstrap;
    @Inject
    ReenactorModels models;
    @Inject
    StageSettings settings;
    @Inject
    AvatarDirectory directory;

    private FineTuneWorker worker;

    void start(@Observes StartupEvent event) {
        models.fineTuner().ifPresent(tuner -> worker = new FineTuneWorker(bootstrap, FineTuneWorker.GROUP,
                settings.serdeConfig(), tuner, FrameLimits.DEFAULT, new StillEnrolled(id -> directory.get(id))).start());
    }

    @PreDestroy
    void stop() {
        if (worker != null) {
            worker.close();
        }
    }
}
