package io.reenact.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.reenact.ingest.DriverFramePublisher;
import io.reenact.ingest.EncodedFrameIngest;
import io.reenact.ingest.Pacing;
import io.reenact.ingest.ReconnectPolicy;
import io.reenact.ingest.SourcePump;
import io.reenact.ingest.VideoSource;
import io.reenact.common.ReenactSerdes;
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

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sources this instance is playing, one thread each, all publishing through one producer.
 * A source that fails after its reconnect attempts stays listed with its error until it is
 * removed or replaced, so an operator sees why a stream went quiet.
 */
@ApplicationScoped
public class IngestSources {

    /** One running (or ended) source. */
    public record Running(String streamId, String source, SourcePump pump, Thread thread) {
        public Map<String, Object> status() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("streamId", streamId);
            s.put("source", source);
            s.put("framesPublished", pump.sent());
            s.put("running", thread.isAlive());
            if (pump.failure() != null) {
                s.put("error", pump.failure().getMessage());
            }
            return s;
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "reenact.serde", defaultValue = "single-object")
    String serde;
    @ConfigProperty(name = "reenact.registry.url")
    Optional<String> registryUrl;
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

    /** face: the paper's crop around the tracked face; centre: the frame's central square. */
    @ConfigProperty(name = "reenact.ingest.framing", defaultValue = "face")
    String framing;

    @Inject
    MeterRegistry registry;

    private final Map<String, Running> sources = new ConcurrentHashMap<>();
    private DriverFramePublisher publisher;
    private EncodedFrameIngest encodedFrames;
    private FaceDetector faces;

    @PostConstruct
    void start() {
        Map<String, Object> serdeConfig = new HashMap<>();
        serdeConfig.put(ReenactSerdes.SERDE_MODE, serde);
        registryUrl.filter(u -> !u.isBlank()).ifPresent(u -> serdeConfig.put(ReenactSerdes.REGISTRY_URL, u));
        publisher = new DriverFramePublisher(bootstrap, serdeConfig);
        if (framing.equals("face")) {
            // one detector for every stream: BlazeFace is thread-safe, the cascade fallback takes turns
            faces = FallbackFaceDetector.open();
        } else if (!framing.equals("centre")) {
            throw new IllegalArgumentException("reenact.ingest.framing must be face or centre, not " + framing);
        }
        encodedFrames = EncodedFrameIngest.create(bootstrap, serdeConfig, publisher, this::newFraming);
        registry.gaugeMapSize("reenact.ingest.sources", java.util.List.of(), sources);
    }

    /** A framing for one stream (face framing keeps that stream's smoothed box). */
    Framing newFraming() {
        return faces != null ? new FaceFraming(faces, frameSize) : new CentreFraming(frameSize);
    }

    ReconnectPolicy policy() {
        return new ReconnectPolicy(reconnectAttempts, Duration.ofMillis(backoffMs), Duration.ofMillis(maxBackoffMs),
                Duration.ofMillis(readTimeoutMs));
    }

    /**
     * Opens the source (so a bad name or an unreachable URL is reported to the caller at once) and
     * starts playing it; a source already playing for the stream is stopped first.
     */
    public synchronized Running start(String streamId, SourceRequest request) throws IOException {
        String location = resolve(request.source());
        stop(streamId);
        VideoSource source = VideoSource.open(location, newFraming(), policy());
        boolean realTime = request.realTime() == null || request.realTime();
        Pacing pacing = realTime && !location.contains("://") ? Pacing.realTime(source.frameRate()) : Pacing.unpaced();
        var published = registry.counter("reenact.ingest.frames.published", "stream", streamId);
        SourcePump pump = new SourcePump(streamId, source, publisher, pacing,
                request.maxFrames() == null ? 0 : request.maxFrames(), image -> published.increment());
        Thread thread = new Thread(() -> {
            pump.run();
            if (pump.failure() != null) {
                registry.counter("reenact.ingest.source.failures", "stream", streamId).increment();
            }
        }, "ingest-" + streamId);
        thread.setDaemon(true);
        Running running = new Running(streamId, source.describe(), pump, thread);
        sources.put(streamId, running);
        thread.start();
        return running;
    }

    /** Network URLs pass as they are; file names must lie inside the media directory. */
    String resolve(String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("'source' is required: a file name or a stream URL");
        }
        int scheme = source.indexOf("://");
        if (scheme > 0 && !source.startsWith("file:")) {
            return source;
        }
        Path root = Path.of(mediaDir).toAbsolutePath().normalize();
        Path file = root.resolve(source.startsWith("file:") ? source.substring(source.indexOf(':') + 1) : source)
                .normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("files are read from the media directory only: " + source);
        }
        return file.toString();
    }

    public synchronized boolean stop(String streamId) {
        Running running = sources.remove(streamId);
        if (running == null) {
            return false;
        }
        running.pump().stop();
        try {
            running.thread().join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /** Where frames that clients send already encoded (the webcam page) go in. */
    public EncodedFrameIngest encodedFrames() {
        return encodedFrames;
    }

    public Map<String, Running> all() {
        return Map.copyOf(sources);
    }

    void shutdown(@Observes ShutdownEvent event) {
        sources.keySet().forEach(this::stop);
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
