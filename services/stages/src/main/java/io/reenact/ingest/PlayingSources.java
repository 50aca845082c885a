package io.reenact.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The driver sources one process is playing, one thread each, all publishing through one
 * producer (the ingest service and {@code reenact up} both keep one). A source that fails after its
 * reconnect attempts stays listed with its error until it is removed or replaced, so an operator
 * sees why a stream went quiet.
 */
public final class PlayingSources implements AutoCloseable {

    /** What to play and how: see {@link #start}. */
    public record Request(String source, Boolean realTime, Long maxFrames) {
    }

    /** Told of each published frame and each source that gave up (the service counts them). */
    public interface Listener {
        void published(String streamId);

        void failed(String streamId);
    }

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

    private final Map<String, Running> sources = new ConcurrentHashMap<>();
    private final DriverFramePublisher publisher;
    private final Supplier<Framing> framings;
    private final ReconnectPolicy policy;
    private final Path mediaDir;
    private final Listener listener;

    /**
     * @param framings a framing per stream (face framing keeps that stream's smoothed box)
     * @param mediaDir the only directory local files are played from
     */
    public PlayingSources(DriverFramePublisher publisher, Supplier<Framing> framings, ReconnectPolicy policy,
                          Path mediaDir, Listener listener) {
        this.publisher = publisher;
        this.framings = framings;
        this.policy = policy;
        this.mediaDir = mediaDir.toAbsolutePath().normalize();
        this.listener = listener;
    }

    /**
     * Opens the source (so a bad name or an unreachable URL is reported to the caller at once) and
     * starts playing it as {@code streamId}; a source already playing for the stream is stopped first.
     *
     * @throws IllegalArgumentException for a request that names nothing playable here
     * @throws SourceFailedException when the source cannot be opened or read
     */
    public synchronized Running start(String streamId, Request request) throws IOException {
        String location = resolve(request.source());
        stop(streamId);
        VideoSource source = VideoSource.open(location, framings.get(), policy);
        boolean realTime = request.realTime() == null || request.realTime();
        Pacing pacing = realTime && !location.contains("://") ? Pacing.realTime(source.frameRate()) : Pacing.unpaced();
        SourcePump pump = new SourcePump(streamId, source, publisher, pacing,
                request.maxFrames() == null ? 0 : request.maxFrames(), image -> listener.published(streamId));
        Thread thread = new Thread(() -> {
            pump.run();
            if (pump.failure() != null) {
                listener.failed(streamId);
            }
        }, "ingest-" + streamId);
        thread.setDaemon(true);
        Running running = new Running(streamId, source.describe(), pump, thread);
        sources.put(streamId, running);
        thread.start();
        return running;
    }

    /** Network URLs pass as they are; file names must lie inside the media directory. */
    public String resolve(String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("'source' is required: a file name or a stream URL");
        }
        int scheme = source.indexOf("://");
        if (scheme > 0 && !source.startsWith("file:")) {
            return source;
        }
        Path file = mediaDir.resolve(source.startsWith("file:") ? source.substring(source.indexOf(':') + 1) : source)
                .normalize();
        if (!file.startsWith(mediaDir)) {
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

    public Map<String, Running> all() {
        return Map.copyOf(sources);
    }

    /** For gauges: the live map (read-only use). */
    public Map<String, Running> view() {
        return java.util.Collections.unmodifiableMap(sources);
    }

    @Override
    public void close() {
        sources.keySet().forEach(this::stop);
    }
}
