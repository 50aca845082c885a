package io.reenact.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.reenact.ingest.DriverFramePublisher;
import io.reenact.ingest.EncodedFrameIngest;
import io.reenact.ingest.ReconnectPolicy;
import io.reenact.ingest.PlayingSources;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import io.reenact.ingest.CentreFraming;
import io.reenact.ingest.FaceFraming;
import io.reenact.ingest.Framing;
import io.reenact.vision.face.FaceDetector;
import io.reenact.vision.face.FallbackFaceDetector;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The service's {@link PlayingSources} (configured from application.properties, counted in
 * Micrometer) and the ingest of frames that clients send already encoded (the webcam page).
 */
@ApplicationScoped
public class IngestSources {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "reenact.ingest.frame-size", defaultValue = "128")
    int frameSize;
    @ConfigProperty(name = "reenact.ingest.read-timeout-ms", defaultValue = "5000")
    long readTimeoutMs;
    @ConfigProperty(name = "reenact.ingest.reconnect-attempts", defaultValue = "5")
    int reconnectAttempts;
    @ConfigProperty(name = "reenact.ingest.reconnect-backoff-ms", defaultValue = "500")
    long backoffMs;
    @ConfigProperty(name = "reenact.ingest.reconnect-max-backoff-ms", defaultValue = "8000")
    long maxBackoffMs;
    @ConfigProperty(name = "reenact.ingest.media-dir", defaultValue = "media")
    String mediaDir;
    /** REENACT_INGEST_ALLOWED_HOSTS: the only hosts URLs may name (cam1.lan,*.cams.example); unset: any. */
    @ConfigProperty(name = "reenact.ingest.allowed-hosts")
    java.util.Optional<java.util.List<String>> allowedHosts;

    /** face: the paper's crop around the tracked face; centre: the frame's central square. */
    @ConfigProperty(name = "reenact.ingest.framing", defaultValue = "face")
    String framing;

    @Inject
    MeterRegistry registry;
    /** Serdes: the same settings (registry mode, its access) as every stage service. */
    @Inject
    StageSettings settings;

    private DriverFramePublisher publisher;
    private EncodedFrameIngest encodedFrames;
    private FaceDetector faces;
    private PlayingSources sources;

    @PostConstruct
    void start() {
        Map<String, Object> serdeConfig = settings.serdeConfig();
        publisher = new DriverFramePublisher(bootstrap, serdeConfig);
        if (framing.equals("face")) {
            // one detector for every stream: BlazeFace is thread-safe, the cascade fallback takes turns
            faces = FallbackFaceDetector.open();
        } else if (!framing.equals("centre")) {
            throw new IllegalArgumentException("reenact.ingest.framing must be face or centre, not " + framing);
        }
        encodedFrames = EncodedFrameIngest.create(bootstrap, serdeConfig, publisher, this::newFraming);
        ReconnectPolicy policy = new ReconnectPolicy(reconnectAttempts, Duration.ofMillis(backoffMs),
                Duration.ofMillis(maxBackoffMs), Duration.ofMillis(readTimeoutMs));
        sources = new PlayingSources(publisher, this::newFraming, policy, Path.of(mediaDir), new PlayingSources.Listener() {
            @Override
            public void published(String streamId) {
                registry.counter("reenact.ingest.frames.published").increment();
            }

            @Override
            public void failed(String streamId) {
                registry.counter("reenact.ingest.source.failures").increment();
            }
        }).withAllowedHosts(allowedHosts.orElse(java.util.List.of()));
        registry.gaugeMapSize("reenact.ingest.sources", java.util.List.of(), sources.view());
    }

    /** A framing for one stream (face framing keeps that stream's smoothed box). */
    Framing newFraming() {
        return faces != null ? new FaceFraming(faces, frameSize) : new CentreFraming(frameSize);
    }

    public PlayingSources sources() {
        return sources;
    }

    /** Where frames that clients send already encoded (the webcam page) go in. */
    public EncodedFrameIngest encodedFrames() {
        return encodedFrames;
    }

    void shutdown(@Observes ShutdownEvent event) {
        if (sources != null) {
            sources.close();
        }
        if (encodedFrames != null) {
            encodedFrames.close();
        }
        if (publisher != null) {
            publisher.close();
        }
        if (faces != null) {
            faces.close();
        }
    }
}
