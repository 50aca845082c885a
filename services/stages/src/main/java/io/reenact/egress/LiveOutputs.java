package io.reenact.egress;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.schema.ReenactedFrame;
import io.reenact.stages.FrameLimits;
import io.reenact.stages.ImageCodecs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One output stream, composited, sent to live sinks (an RTMP/SRT push, a virtual camera).
 *
 * <p>The sinks run on their own thread and take only the newest frame: a slow or reconnecting
 * server never holds up the Kafka Streams thread that calls {@link #accept}, and never builds lag.
 * A sink that fails is closed and opened again after a pause, so a restarted server is picked up.
 */
public final class LiveOutputs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveOutputs.class);
    private static final long RETRY_NANOS = 2_000_000_000L;

    private final String wantedStream;
    private final Compositor compositor;
    private final int outputSize;
    private final List<Target> targets = new ArrayList<>();
    private final AtomicReference<ReenactedFrame> pending = new AtomicReference<>();
    private final AtomicReference<String> chosenStream = new AtomicReference<>();
    private final Thread worker;
    private volatile boolean closed;

    private static final class Target {
        final String name;
        final VideoSink.Opener opener;
        VideoSink sink;
        long retryAt = System.nanoTime();
        long failures;

        Target(String name, VideoSink.Opener opener) {
            this.name = name;
            this.opener = opener;
        }
    }

    /**
     * @param streamId the stream to send, or null for the first stream that shows up
     * @param compositor paste-back, or null for the generated frame as it is
     * @param outputSize side of the square sent (scaled from the generated size), or 0 to keep it
     * @param sinks name → opener of each sink
     */
    public LiveOutputs(String streamId, Compositor compositor, int outputSize, Map<String, VideoSink.Opener> sinks) {
        if (outputSize < 0 || outputSize % 2 != 0) {
            throw new IllegalArgumentException("output size must be 0 or an even number of pixels: " + outputSize);
        }
        this.wantedStream = streamId == null || streamId.isBlank() ? null : streamId;
        this.compositor = compositor;
        this.outputSize = outputSize;
        sinks.forEach((name, opener) -> targets.add(new Target(name, opener)));
        worker = new Thread(this::run, "live-outputs");
        worker.setDaemon(true);
        if (!targets.isEmpty()) {
            worker.start();
        }
    }

    /**
     * The sinks asked for: an RTMP/SRT push and a v4l2loopback virtual camera, each when given (null or
     * blank: none). A push URL of another scheme fails here, at start, not at the first frame.
     */
    public static LiveOutputs of(String streamId, Compositor compositor, int outputSize, double fps, String pushUrl,
                                 String v4l2Device) {
        Map<String, VideoSink.Opener> sinks = new java.util.LinkedHashMap<>();
        if (pushUrl != null && !pushUrl.isBlank()) {
            StreamPush.containerFor(pushUrl);
            sinks.put("push " + pushUrl, (w, h) -> StreamPush.open(pushUrl, w, h, fps));
        }
        if (v4l2Device != null && !v4l2Device.isBlank()) {
            java.nio.file.Path device = java.nio.file.Path.of(v4l2Device);
            sinks.put("virtual camera " + device, (w, h) -> VirtualCamera.open(device, w, h, fps));
        }
        return new LiveOutputs(streamId, compositor, outputSize, sinks);
    }

    public boolean enabled() {
        return !targets.isEmpty();
    }

    /** What each sink is, for a start-up message. */
    public List<String> names() {
        return targets.stream().map(t -> t.name).toList();
    }

    /** Takes a frame from the pipeline; frames of other streams are ignored. Never blocks. */
    public void accept(ReenactedFrame frame) {
        if (targets.isEmpty() || closed) {
            return;
        }
        String id = frame.getStreamId();
        String chosen = wantedStream != null ? wantedStream : chosenStream.updateAndGet(c -> c == null ? id : c);
        if (!chosen.equals(id)) {
            return;
        }
        pending.set(frame);
        LockSupport.unpark(worker);
    }

    /** The stream being sent: the configured one, or the first one seen; null before any frame. */
    public String stream() {
        return wantedStream != null ? wantedStream : chosenStream.get();
    }

    /** Frames each sink has sent, by name (0 while it is not open). */
    public synchronized Map<String, Long> framesSent() {
        Map<String, Long> sent = new LinkedHashMap<>();
        for (Target t : targets) {
            sent.put(t.name, t.sink == null ? 0 : t.sink.frames());
        }
        return sent;
    }

    private void run() {
        while (!closed) {
            ReenactedFrame frame = pending.getAndSet(null);
            if (frame == null) {
                LockSupport.parkNanos(this, 100_000_000L);
                continue;
            }
            RgbImage picture;
            try {
                picture = picture(frame);
            } catch (RuntimeException e) {
                LOG.warn("stream {} frame {}: cannot be sent: {}", frame.getStreamId(), frame.getSequence(), e.getMessage());
                continue;
            }
            send(picture);
        }
        closeSinks();
    }

    private synchronized void send(RgbImage picture) {
        long now = System.nanoTime();
        for (Target t : targets) {
            if (t.sink == null) {
                if (now - t.retryAt < 0) {
                    continue;
                }
                try {
                    t.sink = t.opener.open(picture.width(), picture.height());
                    LOG.info("{}: sending {}", t.name, t.sink);
                } catch (IOException | RuntimeException e) {
                    fail(t, now, "cannot open", e);
                    continue;
                }
            }
            try {
                t.sink.write(picture);
                t.failures = 0;
            } catch (IOException | RuntimeException e) {
                fail(t, now, "failed", e);
                try {
                    t.sink.close();
                } catch (IOException ignored) {
                    // already broken; reopening is what matters
                }
                t.sink = null;
            }
        }
    }

    private static void fail(Target t, long now, String what, Exception e) {
        t.failures++;
        t.retryAt = now + RETRY_NANOS;
        // the first failure of a run and then every tenth: a server that is down for long must not flood the log
        if (t.failures == 1 || t.failures % 10 == 0) {
            LOG.warn("{}: {} ({} failures in a row, retrying every {} s): {}", t.name, what, t.failures,
                    RETRY_NANOS / 1_000_000_000L, e.getMessage());
        }
    }

    RgbImage picture(ReenactedFrame frame) {
        RgbImage image = ImageCodecs.decodeFrame(frame.getEncoding(), LiveView.bytes(frame.getImage()),
                frame.getWidth(), frame.getHeight(), FrameLimits.DEFAULT);
        RgbImage shown = image;
        if (compositor != null && (frame.getDriver() != null || !compositor.needsDriver())) {
            Mask mask = ImageCodecs.decodeMaskPng(LiveView.bytes(frame.getMask()));
            RgbImage driver = frame.getDriver() == null ? null
                    : ImageCodecs.decodeRgb(LiveView.bytes(frame.getDriver()), "driver JPEG");
            shown = compositor.composite(image, mask, driver);
        }
        if (outputSize > 0) {
            return Compositor.cover(shown, outputSize, outputSize);
        }
        if (shown.width() % 2 != 0 || shown.height() % 2 != 0) {
            // yuv420p needs even sizes: drop the odd last row or column
            return Compositor.cover(shown, shown.width() & ~1, shown.height() & ~1);
        }
        return shown;
    }

    private synchronized void closeSinks() {
        for (Target t : targets) {
            if (t.sink != null) {
                try {
                    t.sink.close();
                } catch (IOException e) {
                    LOG.warn("{}: closing failed: {}", t.name, e.getMessage());
                }
                t.sink = null;
            }
        }
    }

    /** Stops sending and closes every sink (the push ends its stream cleanly). */
    @Override
    public void close() {
        closed = true;
        if (worker.isAlive()) {
            LockSupport.unpark(worker);
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            closeSinks();
        }
    }
}
