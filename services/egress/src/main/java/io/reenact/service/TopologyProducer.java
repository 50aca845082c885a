package io.reenact.service;

import io.reenact.egress.Compositor;
import io.reenact.egress.EgressTopology;
import io.reenact.egress.LiveOutputs;
import io.reenact.egress.LiveViews;
import io.reenact.egress.StreamRecordings;
import jakarta.enterprise.inject.Disposes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;

/** The egress service's one topology: reenacted-frames into the live views. */
@ApplicationScoped
public class TopologyProducer {

    /** reenact.egress.background: none (as generated, on black), driver, colour:#RRGGBB or image:PATH. */
    @Produces
    @Singleton
    LiveViews liveViews(@ConfigProperty(name = "reenact.egress.background", defaultValue = "none") String background) {
        return new LiveViews(Compositor.parse(background));
    }

    /**
     * The live sinks of one stream: an RTMP/SRT push (reenact.egress.push-url) and a v4l2loopback
     * virtual camera (reenact.egress.v4l2-device); neither is opened unless configured.
     */
    @Produces
    @Singleton
    LiveOutputs liveOutputs(@ConfigProperty(name = "reenact.egress.background", defaultValue = "none") String background,
                            @ConfigProperty(name = "reenact.egress.push-url") Optional<String> pushUrl,
                            @ConfigProperty(name = "reenact.egress.v4l2-device") Optional<String> v4l2Device,
                            @ConfigProperty(name = "reenact.egress.output-stream") Optional<String> stream,
                            @ConfigProperty(name = "reenact.egress.output-size", defaultValue = "0") int size,
                            @ConfigProperty(name = "reenact.egress.output-fps", defaultValue = "25") double fps) {
        return LiveOutputs.of(stream.orElse(null), Compositor.parse(background), size, fps, pushUrl.orElse(null),
                v4l2Device.orElse(null));
    }

    void closeOutputs(@Disposes LiveOutputs outputs) {
        outputs.close();
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
    Topology topology(LiveViews views, StreamRecordings recordings, LiveOutputs outputs, StageSettings settings,
                      MicrometerStageMetrics metrics) {
        return new EgressTopology(settings.serdeConfig(), frame -> {
            long start = System.nanoTime();
            views.accept(frame);
            outputs.accept(frame);
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
