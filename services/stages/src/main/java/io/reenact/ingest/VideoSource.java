package io.reenact.ingest;

import io.reenact.model.RgbImage;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Driver frames decoded by FFmpeg from a file or a network stream (rtsp, rtmp, srt, http, udp).
 *
 * <p>Frames are decoded straight to RGB24 and cropped to a centred square of the model's size
 * ({@link SquareCrop}). A network source that dies or stalls longer than the policy's read timeout
 * is reopened with backoff; once the attempts run out {@link #next()} throws
 * {@link SourceFailedException} naming the source and the last cause. A file simply ends.
 */
public final class VideoSource implements DriverSource {

    private static final Logger LOG = LoggerFactory.getLogger(VideoSource.class);

    static {
        // FFmpeg writes every demuxer warning to stderr; only errors are worth a line
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private final String location;
    private final boolean live;
    private final SquareCrop crop;
    private final ReconnectPolicy policy;
    private FFmpegFrameGrabber grabber;
    private double frameRate;

    private VideoSource(String location, boolean live, int size, ReconnectPolicy policy) {
        this.location = location;
        this.live = live;
        this.crop = new SquareCrop(size);
        this.policy = policy;
    }

    /**
     * Opens {@code location}: a path to a video file, or a URL. Fails fast (with retries only for
     * network URLs) when the source cannot be opened.
     */
    public static VideoSource open(String location, int size, ReconnectPolicy policy) throws SourceFailedException {
        boolean live = isNetworkUrl(location);
        if (!live && !Files.isReadable(Path.of(stripFileScheme(location)))) {
            throw new SourceFailedException("video file not found or not readable: " + location, null);
        }
        VideoSource source = new VideoSource(live ? location : stripFileScheme(location), live, size, policy);
        source.connectWithRetries(null);
        return source;
    }

    static boolean isNetworkUrl(String location) {
        int colon = location.indexOf("://");
        if (colon <= 0) {
            return false;
        }
        String scheme = location.substring(0, colon).toLowerCase(Locale.ROOT);
        return !scheme.equals("file");
    }

    private static String stripFileScheme(String location) {
        return location.startsWith("file:") ? Path.of(URI.create(location)).toString() : location;
    }

    @Override
    public RgbImage next() throws IOException {
        while (true) {
            try {
                Frame frame = grabber.grabImage();
                if (frame != null) {
                    return toRgb(frame);
                }
                if (!live) {
                    return null;
                }
                // a live stream has no natural end: the sender went away
                connectWithRetries(new IOException("stream ended"));
            } catch (FrameGrabber.Exception e) {
                if (!live) {
                    throw new SourceFailedException("cannot decode " + describe() + ": " + e.getMessage(), e);
                }
                connectWithRetries(e);
            }
        }
    }

    private RgbImage toRgb(Frame frame) {
        ByteBuffer buffer = (ByteBuffer) frame.image[0];
        int stride = frame.imageStride;
        byte[] rgb = new byte[stride * frame.imageHeight];
        buffer.position(0);
        buffer.get(rgb, 0, Math.min(rgb.length, buffer.remaining()));
        return crop.apply(rgb, frame.imageWidth, frame.imageHeight, stride);
    }

    private void connectWithRetries(Exception failure) throws SourceFailedException {
        closeGrabber();
        int attempt = 0;
        Exception last = failure;
        if (failure != null) {
            LOG.warn("{} failed ({}); reconnecting up to {} times", describe(), failure.getMessage(), policy.maxAttempts());
            if (policy.maxAttempts() == 0) {
                throw new SourceFailedException(describe() + " failed and reconnecting is off: " + failure.getMessage(), failure);
            }
            attempt = 1;
            sleep(policy.backoff(attempt));
        }
        while (true) {
            try {
                grabber = startGrabber();
                if (attempt > 0) {
                    LOG.info("{} reconnected after {} attempt(s)", describe(), attempt);
                }
                return;
            } catch (FrameGrabber.Exception e) {
                closeGrabber();
                last = e;
                if (!live || attempt >= policy.maxAttempts()) {
                    String why = last.getMessage();
                    throw new SourceFailedException("cannot open " + describe()
                            + (attempt > 0 ? " after " + attempt + " reconnect attempt(s)" : "")
                            + " (read timeout " + policy.readTimeout().toMillis() + " ms): " + why, last);
                }
                attempt++;
                LOG.warn("{}: open failed ({}), retry {}/{} in {} ms", describe(), e.getMessage(), attempt,
                        policy.maxAttempts(), policy.backoff(attempt).toMillis());
                sleep(policy.backoff(attempt));
            }
        }
    }

    private FFmpegFrameGrabber startGrabber() throws FrameGrabber.Exception {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(location);
        g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
        if (live) {
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
        if (!live) {
            return "file " + location;
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
