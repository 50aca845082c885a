package io.reenact.egress;

import io.reenact.model.RgbImage;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;

/**
 * Pushes live frames as H.264 to a streaming server: {@code rtmp://} (FLV, what YouTube, Twitch and
 * nginx-rtmp take) or {@code srt://} (MPEG-TS, what OBS, vMix and SRT gateways take). The caller
 * connects out; the server or listener must already be there.
 *
 * <p>Timestamps follow the wall clock, not the frame count: when the pipeline delivers fewer frames
 * than {@code fps} the receiver still plays in real time instead of fast-forwarding.
 */
public final class StreamPush implements VideoSink {

    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    static final long IO_TIMEOUT_MICROS = 5_000_000;

    private final String url;
    private final EncoderOutput output;
    private final int width;
    private final int height;
    private final double fps;
    private long startNanos = -1;
    private long lastSlot = -1;

    private StreamPush(String url, EncoderOutput output, int width, int height, double fps) {
        this.url = url;
        this.output = output;
        this.width = width;
        this.height = height;
        this.fps = fps;
    }

    /** The container a push URL is sent in: flv for rtmp(s), mpegts for srt; any other URL is refused. */
    public static String containerFor(String url) {
        String scheme;
        try {
            scheme = URI.create(url).getScheme();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a push URL: '" + url + "'", e);
        }
        scheme = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "rtmp", "rtmps" -> "flv";
            case "srt" -> "mpegts";
            default -> throw new IllegalArgumentException("push URL must be rtmp://, rtmps:// or srt://, got '" + url + "'");
        };
    }

    /**
     * Connects to {@code url} and sends the stream header. Fails with an IOException naming the URL
     * when nothing listens there.
     */
    public static StreamPush open(String url, int width, int height, double fps) throws IOException {
        String container = containerFor(url);
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("H.264 with yuv420p needs even, positive sizes: " + width + "x" + height);
        }
        if (!(fps > 0)) {
            throw new IllegalArgumentException("fps must be positive: " + fps);
        }
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(url, width, height, 0);
        recorder.setFormat(container);
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        // a keyframe every second: a viewer joining mid-stream waits at most that long
        recorder.setGopSize((int) Math.max(1, Math.round(fps)));
        recorder.setVideoOption("preset", "ultrafast");
        // no lookahead and no B-frames: each frame leaves the encoder as soon as it went in
        recorder.setVideoOption("tune", "zerolatency");
        recorder.setVideoBitrate(bitrate(width, height, fps));
        // a server that accepts but stops answering fails a read or write after this long instead of
        // hanging the output thread (and, during start, FFmpeg's process-wide open lock) for ever
        recorder.setOption("rw_timeout", String.valueOf(IO_TIMEOUT_MICROS));
        if (container.equals("mpegts")) {
            // resend PAT/PMT with every keyframe so an SRT listener can start at any point
            recorder.setOption("mpegts_flags", "resend_headers");
        }
        EncoderOutput output = EncoderOutput.start(recorder, "push to " + url, "cannot push to " + url);
        return new StreamPush(url, output, width, height, fps);
    }

    /** About 0.1 bit per pixel per frame, at least 400 kbit/s: faces stay sharp at the sizes used here. */
    static int bitrate(int width, int height, double fps) {
        return (int) Math.max(400_000, Math.min(20_000_000, width * (double) height * fps * 0.1));
    }

    public String url() {
        return url;
    }

    @Override
    public synchronized void write(RgbImage image) throws IOException {
        if (image.width() != width || image.height() != height) {
            throw new IllegalArgumentException("frame is " + image.width() + "x" + image.height() + ", the push is "
                    + width + "x" + height);
        }
        long now = System.nanoTime();
        if (startNanos < 0) {
            startNanos = now;
        }
        long slot = Math.max(lastSlot + 1, Math.round((now - startNanos) / 1e9 * fps));
        lastSlot = slot;
        output.place(image, 0, width, height);
        output.recordAt(slot);
    }

    @Override
    public synchronized long frames() {
        return output.frames();
    }

    @Override
    public synchronized void close() throws IOException {
        output.close();
    }

    @Override
    public String toString() {
        return "push " + url + " " + width + "x" + height;
    }
}
