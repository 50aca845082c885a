package io.reenact.service;

import io.reenact.egress.EgressTopology;
import io.reenact.egress.LiveViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;

/** The egress service's one topology: reenacted-frames into the live views. */
@ApplicationScoped
public class TopologyProducer {

    @Produces
    @Singleton
    LiveViews liveViews() {
        // frames are shown as generated (black background); paste-back is the viewer's choice later
        return new LiveViews(null);
    }

    @Produces
    @Singleton
    Topology topology(LiveViews views, StageSettings settings, MicrometerStageMetrics metrics) {
        return new EgressTopology(settings.serdeConfig(), frame -> {
            long start = System.nanoTime();
            views.accept(frame);
            metrics.received(EgressTopology.STAGE);
            metrics.emitted(EgressTopology.STAGE, (System.nanoTime() - start) / 1000, 0,
                    System.currentTimeMillis() - frame.getCaptureTimeMs());
        }).build();
    }
}
