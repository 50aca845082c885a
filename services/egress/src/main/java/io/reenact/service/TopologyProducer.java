package io.reenact.service;

import io.reenact.egress.EgressTopology;
import io.reenact.egress.LiveViews;
import io.reenact.egress.StreamRecordings;
import jakarta.enterprise.inject.Disposes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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
    StreamRecordings recordings(@ConfigProperty(name = "reenact.egress.recordings-dir", defaultValue = "recordings")
                                String directory,
                                @ConfigProperty(name = "reenact.egress.recording-fps", defaultValue = "25") double fps) {
        return new StreamRecordings(Path.of(directory), fps);
    }

    void closeRecordings(@Disposes StreamRecordings recordings) throws IOException {
        recordings.close();
    }

    @Produces
    @Singleton
    Topology topology(LiveViews views, StreamRecordings recordings, StageSettings settings,
                      MicrometerStageMetrics metrics) {
        return new EgressTopology(settings.serdeConfig(), frame -> {
            long start = System.nanoTime();
            views.accept(frame);
            try {
                recordings.accept(frame);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            metrics.received(EgressTopology.STAGE);
            metrics.emitted(EgressTopology.STAGE, (System.nanoTime() - start) / 1000, 0,
                    System.currentTimeMillis() - frame.getCaptureTimeMs());
        }).build();
    }
}
