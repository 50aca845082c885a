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
    private volatile java.util.List<String> allowedHosts = java.util.List.of();

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

    /**
     * Only URLs to these hosts are played: names ({@code cam1.studio.lan}), addresses, or
     * {@code *.studio.lan} for a domain. Empty (the default) allows any host but link-local ones.
     */
    public PlayingSources withAllowedHosts(java.util.Collection<String> hosts) {
        this.allowedHosts = hosts.stream().map(h -> h.trim().toLowerCase(java.util.Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
        return this;
    }

    /** Cloud metadata services outside the link-local range (Alibaba; AWS over IPv6). */
    private static final java.util.Set<String> METADATA_ADDRESSES = java.util.Set.of("100.100.100.200", "fd00:ec2:0:0:0:0:0:254");

    /** The URL schemes a client may ask for: live video protocols, never FFmpeg's meta-protocols. */
    public static final java.util.Set<String> SCHEMES = java.util.Set.of("http", "https", "rtsp", "rtsps", "rtmp",
            "rtmps", "srt", "udp", "v4l2");

    /**
     * What FFmpeg is given to open. URLs only of {@link #SCHEMES} (no {@code concat:}, {@code subfile:},
     * {@code file:} outside the media folder or other meta-protocols that read what the caller names);
     * anything else is a file name that must lie inside the media directory.
     *
     * @throws IllegalArgumentException naming the rule the source broke
     */
    public String resolve(String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("'source' is required: a file name or a stream URL");
        }
        if (source.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException("'source' contains control characters");
        }
        int scheme = source.indexOf("://");
        String protocol = scheme > 0 ? source.substring(0, scheme).toLowerCase(java.util.Locale.ROOT) : null;
        if (protocol != null && SCHEMES.contains(protocol)) {
            checkHost(source);
            return source;
        }
        int colon = source.indexOf(':');
        boolean fileUrl = source.startsWith("file:");
        if (!fileUrl && (protocol != null || colon > 1)) {
            // a protocol prefix FFmpeg would honour (concat:, subfile:, data:, pipe:, ...), or a URL of another scheme
            throw new IllegalArgumentException("only " + new java.util.TreeSet<>(SCHEMES)
                    + " URLs or files of the media folder can be played, not " + source);
        }
        String name = fileUrl ? source.substring(source.startsWith("file://") ? 7 : 5) : source;
        Path file = mediaDir.resolve(name).normalize();
        if (!file.startsWith(mediaDir)) {
            throw new IllegalArgumentException("files are read from the media directory only: " + source);
        }
        return file.toString();
    }

    private void checkHost(String url) {
        String host;
        try {
            host = java.net.URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: " + url);
        }
        if (host == null) {
            if (url.startsWith("v4l2:")) {
                return; // a camera of this machine
            }
            throw new IllegalArgumentException("the URL names no host: " + url);
        }
        String h = host.toLowerCase(java.util.Locale.ROOT);
        if (!allowedHosts.isEmpty() && allowedHosts.stream().noneMatch(a -> a.startsWith("*.") ? h.endsWith(a.substring(1)) : h.equals(a))) {
            throw new IllegalArgumentException("host " + host + " is not on the allowed list " + allowedHosts);
        }
        if (h.matches("[0-9a-fx.]+") && h.chars().anyMatch(Character::isDigit) && !h.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            // 0251.0376.0251.0376 or 0xa9fea9fe: FFmpeg's resolver reads octal and hex where Java does not
            throw new IllegalArgumentException("write an IPv4 address as four decimal numbers: " + host);
        }
        try {
            for (java.net.InetAddress address : java.net.InetAddress.getAllByName(host)) {
                if (address.isLinkLocalAddress() || METADATA_ADDRESSES.contains(address.getHostAddress())) {
                    // 169.254.169.254 and friends: cloud metadata services, never a camera
                    throw new IllegalArgumentException("link-local and cloud metadata addresses are not played: " + host);
                }
            }
        } catch (java.net.UnknownHostException unresolved) {
            // opening it will fail with its own error (the real fence is an egress network policy: see the README)
        }
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
