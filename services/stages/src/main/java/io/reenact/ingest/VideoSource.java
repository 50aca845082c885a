package io.reenact.ingest;

import io.reenact.model.RgbImage;
import io.reenact.schema.FaceBox;
import io.reenact.vision.MediaFrames;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Driver frames decoded by FFmpeg from a file, a network stream (rtsp, rtmp, srt, http, udp) or a
 * V4L2 capture device ({@code v4l2:///dev/video0} or {@code /dev/video0}).
 *
 * <p>Frames are decoded straight to RGB24 and cropped to a centred square of the model's size
 * ({@link SquareCrop}). A network source that dies or stalls longer than the policy's read timeout
 * is reopened with backoff; once the attempts run out {@link #next()} throws
 * {@link SourceFailedException} naming the source and the last cause. A capture device that stops
 * delivering is reopened the same way (a webcam unplugged and plugged back). A file simply ends;
 * a file that cannot be decoded further is a {@link SourceFailedException}, never a crash.
 */
public final class VideoSource implements DriverSource {

    private static final Logger LOG = LoggerFactory.getLogger(VideoSource.class);

    static {
        // FFmpeg writes every demuxer warning to stderr; only errors are worth a line
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    /** What a location names; it decides the checks, the FFmpeg options and whether to reconnect. */
    enum Kind {
        FILE, NETWORK, DEVICE
    }

    /** FFmpeg's name of the V4L2 input format (its alias "v4l2" names the same demuxer). */
    static final String V4L2_FORMAT = "video4linux2";
    private static final String V4L2_SCHEME = "v4l2://";

    private final String location;
    private final Kind kind;
    private final boolean live;
    private final Framing framing;
    private final ReconnectPolicy policy;
    private FaceBox lastFace;
    private double lastSeconds = Double.NEGATIVE_INFINITY;
    private FFmpegFrameGrabber grabber;
    private double frameRate;
    private int reconnects;
    private long connectedAtNanos;
    private long longestReadNanos;

    private VideoSource(String location, Kind kind, Framing framing, ReconnectPolicy policy) {
        this.location = location;
        this.kind = kind;
        this.live = kind != Kind.FILE;
        this.framing = framing;
        this.policy = policy;
    }

    /**
     * Opens {@code location}: a path to a video file, a URL, or a V4L2 device. Fails fast (with
     * retries only for network URLs and devices) when the source cannot be opened.
     */
    public static VideoSource open(String location, int size, ReconnectPolicy policy) throws SourceFailedException {
        return open(location, new CentreFraming(size), policy);
    }

    /**
     * As {@link #open(String, int, ReconnectPolicy)}, with frames cut by {@code framing} (e.g.
     * {@link FaceFraming}, the paper's face crop) instead of the central square.
     */
    public static VideoSource open(String location, Framing framing, ReconnectPolicy policy) throws SourceFailedException {
        Kind kind = kindOf(location);
        String target = switch (kind) {
            case NETWORK -> location;
            case DEVICE -> devicePath(location);
            case FILE -> stripFileScheme(location);
        };
        if (kind == Kind.FILE && !Files.isReadable(Path.of(target))) {
            throw new SourceFailedException("video file not found or not readable: " + location, null);
        }
        if (kind == Kind.DEVICE && !Files.exists(Path.of(target))) {
            throw new SourceFailedException("no capture device " + target + " (is a webcam attached, and is "
                    + target + " passed into the container?)", null);
        }
        VideoSource source = new VideoSource(target, kind, framing, policy);
        source.connectWithRetries(null);
        return source;
    }

    static Kind kindOf(String location) {
        if (location.startsWith(V4L2_SCHEME) || location.startsWith("/dev/video")) {
            return Kind.DEVICE;
        }
        return isNetworkUrl(location) ? Kind.NETWORK : Kind.FILE;
    }

    /** {@code v4l2:///dev/video0} and {@code /dev/video0} both name the device file /dev/video0. */
    static String devicePath(String location) {
        String path = location.startsWith(V4L2_SCHEME) ? location.substring(V4L2_SCHEME.length()) : location;
        // only capture devices: a service that opens what a client names must not open /dev/sda
        if (!path.matches("/dev/video\\d+|/dev/v4l/by-(id|path)/[^/.][^/]*")) {
            throw new IllegalArgumentException("a V4L2 source is v4l2:///dev/videoN or /dev/videoN, not " + location);
        }
        return path;
    }

    static boolean isNetworkUrl(String location) {
        int colon = location.indexOf("://");
        if (colon <= 0) {
            return false;
        }
        String scheme = location.substring(0, colon).toLowerCase(Locale.ROOT);
        return !scheme.equals("file") && !scheme.equals("v4l2");
    }

    private static String stripFileScheme(String location) {
        return location.startsWith("file:") ? Path.of(URI.create(location)).toString() : location;
    }

    @Override
    public RgbImage next() throws IOException {
        while (true) {
            long asked = System.nanoTime();
            try {
                Frame frame = grabber.grabImage();
                longestReadNanos = Math.max(longestReadNanos, System.nanoTime() - asked);
                if (frame != null) {
                    return toRgb(frame);
                }
                if (!live) {
                    return null;
                }
                // A live stream has no natural end: the sender went away, or stopped sending and the
                // read timeout cut the wait. FFmpeg reports both as the end of the input, and only
                // after the decoder has handed out what it still held, so the timed-out read may
                // have been an earlier call on this connection.
                long longestMs = longestReadNanos / 1_000_000;
                connectWithRetries(new IOException(longestMs >= policy.readTimeout().toMillis()
                        ? "stalled: no data for " + longestMs + " ms (read timeout " + policy.readTimeout().toMillis() + " ms)"
                        : "stream ended"));
            } catch (FrameGrabber.Exception e) {
                if (!live) {
                    throw new SourceFailedException("cannot decode " + describe() + ": " + e.getMessage(), e);
                }
                connectWithRetries(e);
            }
        }
    }

    private RgbImage toRgb(Frame frame) {
        // the framing smooths over time, which must increase: presentation times can repeat, be
        // missing, or restart after a reconnect, and then one frame interval is assumed
        double pts = frame.timestamp / 1e6;
        double seconds = pts > lastSeconds ? pts : lastSeconds + 1 / (frameRate > 0 ? frameRate : 25);
        lastSeconds = seconds;
        Framed framed = framing.apply(MediaFrames.fromFrame(frame), seconds);
        lastFace = framed.face();
        return framed.image();
    }

    @Override
    public FaceBox lastFace() {
        return lastFace;
    }

    /**
     * (Re)opens the grabber. Reconnects are counted across connections until one has run healthy
     * for {@link ReconnectPolicy#healthyAfter()}: a source that accepts every reconnect and then
     * stalls again at once is given up on after the policy's attempts, not retried forever.
     */
    private void connectWithRetries(Exception failure) throws SourceFailedException {
        closeGrabber();
        Exception last = failure;
        if (failure != null) {
            if (System.nanoTime() - connectedAtNanos >= policy.healthyAfter().toNanos()) {
                reconnects = 0;
            }
            if (reconnects >= policy.maxAttempts()) {
                throw new SourceFailedException(describe() + " failed " + (policy.maxAttempts() == 0
                        ? "and reconnecting is off" : "again after " + reconnects + " reconnect attempt(s)")
                        + ": " + failure.getMessage(), failure);
            }
            reconnects++;
            LOG.warn("{} failed ({}); reconnect {}/{} in {} ms", describe(), failure.getMessage(), reconnects,
                    policy.maxAttempts(), policy.backoff(reconnects).toMillis());
            sleep(policy.backoff(reconnects));
        }
        while (true) {
            try {
                grabber = startGrabber();
                connectedAtNanos = System.nanoTime();
                longestReadNanos = 0;
                if (failure != null) {
                    LOG.info("{} reconnected (attempt {})", describe(), reconnects);
                }
                return;
            } catch (FrameGrabber.Exception e) {
                closeGrabber();
                last = e;
                if (!live || reconnects >= policy.maxAttempts()) {
                    String why = last.getMessage();
                    throw new SourceFailedException("cannot open " + describe()
                            + (reconnects > 0 ? " after " + reconnects + " reconnect attempt(s)" : "")
                            + (failure != null ? " once it had failed (" + failure.getMessage() + ")" : "")
                            + " (read timeout " + policy.readTimeout().toMillis() + " ms): " + why, last);
                }
                reconnects++;
                LOG.warn("{}: open failed ({}), retry {}/{} in {} ms", describe(), e.getMessage(), reconnects,
                        policy.maxAttempts(), policy.backoff(reconnects).toMillis());
                sleep(policy.backoff(reconnects));
            }
        }
    }

    private FFmpegFrameGrabber startGrabber() throws FrameGrabber.Exception {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(location);
        g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
        if (kind == Kind.DEVICE) {
            g.setFormat(V4L2_FORMAT);
            // a camera that stops delivering (unplugged, taken by another process) must not block forever
            g.setTimeout((int) Math.min(Integer.MAX_VALUE, policy.readTimeout().toMillis()));
        }
        if (kind == Kind.NETWORK) {
            String micros = Long.toString(policy.readTimeout().toMillis() * 1000);
            // rw_timeout bounds every blocking read of protocols built on avio (http, rtmp, udp, srt);
            // rtsp, http and srt also read 'timeout' as their socket timeout in microseconds. rtmp's
            // 'timeout' would turn it into a listener, so it gets rw_timeout only.
            g.setOption("rw_timeout", micros);
            String scheme = location.substring(0, location.indexOf("://")).toLowerCase(Locale.ROOT);
            if (scheme.startsWith("rtsp") || scheme.startsWith("http") || scheme.equals("srt")) {
                g.setOption("timeout", micros);
            }
            if (scheme.startsWith("rtsp")) {
                g.setOption("rtsp_transport", "tcp");
            }
            // the grabber's interrupt callback: a backstop for demuxers that ignore the options above
            g.setTimeout((int) Math.min(Integer.MAX_VALUE, policy.readTimeout().toMillis()));
        }
        g.start();
        double fps = g.getVideoFrameRate();
        frameRate = fps > 0 && fps < 1000 ? fps : 25.0;
        return g;
    }

    private static void sleep(java.time.Duration d) throws SourceFailedException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceFailedException("interrupted while reconnecting", e);
        }
    }

    @Override
    public double frameRate() {
        return frameRate;
    }

    @Override
    public String describe() {
        if (kind == Kind.FILE) {
            return "file " + location;
        }
        if (kind == Kind.DEVICE) {
            return "capture device " + location;
        }
        try {
            URI uri = URI.create(location);
            // never log user:password of a stream URL
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getPath();
        } catch (IllegalArgumentException e) {
            return "stream";
        }
    }

    private void closeGrabber() {
        if (grabber != null) {
            try {
                grabber.close();
            } catch (FrameGrabber.Exception e) {
                LOG.debug("closing {}: {}", describe(), e.getMessage());
            }
            grabber = null;
        }
    }

    @Override
    public void close() {
        closeGrabber();
    }
}
