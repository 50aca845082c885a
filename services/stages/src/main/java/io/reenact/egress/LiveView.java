package io.reenact.egress;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.schema.ReenactedFrame;
import io.reenact.stages.FrameLimits;
import io.reenact.stages.ImageCodecs;

import java.nio.ByteBuffer;

/**
 * The three pictures the viewer page shows for one stream (driver | mask | reenacted) and its live
 * figures, fed with each {@link ReenactedFrame} that comes out of the pipeline.
 */
public final class LiveView implements AutoCloseable {

    private static final int JPEG_QUALITY = 85;

    private final String streamId;
    private final MjpegStream driver = new MjpegStream();
    private final MjpegStream mask = new MjpegStream();
    private final MjpegStream reenacted = new MjpegStream();
    private final LiveStats stats = new LiveStats();
    private final Compositor compositor;
    private volatile long lastActiveMs = System.currentTimeMillis();

    /** @param compositor paste-back for the reenacted picture, or null to show it on black as generated */
    public LiveView(String streamId, Compositor compositor) {
        this.streamId = streamId;
        this.compositor = compositor;
    }

    public String streamId() {
        return streamId;
    }

    /** Updates the three pictures and the figures. */
    public void accept(ReenactedFrame frame) {
        long now = System.currentTimeMillis();
        lastActiveMs = now;
        byte[] driverJpeg = frame.getDriver() == null ? null : bytes(frame.getDriver());
        byte[] maskPng = bytes(frame.getMask());
        Mask generatedMask = ImageCodecs.decodeMaskPng(maskPng);
        RgbImage image = ImageCodecs.decodeFrame(frame.getEncoding(), bytes(frame.getImage()),
                frame.getWidth(), frame.getHeight(), FrameLimits.DEFAULT);
        if (driverJpeg != null) {
            driver.publish(driverJpeg);
        }
        mask.publish(ImageCodecs.encodeJpeg(maskAsRgb(generatedMask), JPEG_QUALITY));
        RgbImage shown = image;
        // a frame sent without its driver is shown as generated rather than dropped
        if (compositor != null && (driverJpeg != null || !compositor.needsDriver())) {
            RgbImage driverImage = driverJpeg == null ? null : ImageCodecs.decodeRgb(driverJpeg, "driver JPEG");
            shown = compositor.composite(image, generatedMask, driverImage);
        }
        reenacted.publish(ImageCodecs.encodeJpeg(shown, JPEG_QUALITY));
        stats.record(frame.getSequence(), now, now - frame.getCaptureTimeMs());
    }

    static RgbImage maskAsRgb(Mask mask) {
        byte[] alpha = mask.alpha();
        byte[] rgb = new byte[alpha.length * 3];
        for (int i = 0; i < alpha.length; i++) {
            rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = alpha[i];
        }
        return new RgbImage(mask.width(), mask.height(), rgb);
    }

    static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** The MJPEG stream of one panel: "driver", "mask" or "reenacted". */
    public MjpegStream panel(String name) {
        return switch (name) {
            case "driver" -> driver;
            case "mask" -> mask;
            case "reenacted" -> reenacted;
            default -> throw new IllegalArgumentException("unknown panel '" + name + "' (driver, mask, reenacted)");
        };
    }

    /** When it last got a frame or, while someone watches, now: a watched stream is never idle. */
    long lastActiveMs() {
        if (driver.clients() + mask.clients() + reenacted.clients() > 0) {
            lastActiveMs = System.currentTimeMillis();
        }
        return lastActiveMs;
    }

    public LiveStats stats() {
        return stats;
    }

    @Override
    public void close() {
        driver.close();
        mask.close();
        reenacted.close();
    }
}
