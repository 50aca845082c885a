package io.reenact.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.reenact.ingest.WebcamRoute;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Mounts {@link WebcamRoute} on the service's HTTP router, counting frames in Micrometer. */
@ApplicationScoped
public class WebcamSocket {

    @Inject
    IngestSources sources;
    @Inject
    MeterRegistry registry;
    @Inject
    AccessRoutes access;

    void register(@Observes Router router) {
        WebcamRoute.mount(router, sources.encodedFrames(), new WebcamRoute.Counters() {
            @Override
            public void published(String streamId) {
                registry.counter("reenact.ingest.frames.published").increment();
            }

            @Override
            public void rejected(String streamId) {
                registry.counter("reenact.ingest.frames.rejected").increment();
            }
        }, access);
    }
}
