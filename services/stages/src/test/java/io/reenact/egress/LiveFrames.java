package io.reenact.egress;

import io.reenact.ingest.ReconnectPolicy;
import io.reenact.ingest.VideoSource;
import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.schema.FrameEncoding;
import io.reenact.schema.ReenactedFrame;
import io.reenact.stages.ImageCodecs;
import io.reenact.vision.Assets;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Output frames as the generator stage emits them, made from a real video: the driver is a frame of
 * Megamind.avi, the mask a soft head-sized ellipse, and the reenacted picture the mirrored driver
 * inside the mask on black (the generator draws its person on black). A {@link #feed feeder} sends
 * them at a steady rate, like a live pipeline.
 */
final class LiveFrames {

    static final int SIZE = 128;

    private final List<RgbImage> drivers;
    private final Mask mask;

    private LiveFrames(List<RgbImage> drivers, Mask mask) {
        this.drivers = drivers;
        this.mask = mask;
    }

    /** The first {@code count} frames of Megamind.avi, centre-cropped to {@link #SIZE}. */
    static LiveFrames megamind(int count) throws Exception {
        List<RgbImage> frames = new ArrayList<>();
        try (VideoSource source = VideoSource.open(Assets.require(Assets.MEGAMIND).toString(), SIZE,
                ReconnectPolicy.defaults())) {
            RgbImage f;
            while (frames.size() < count && (f = source.next()) != null) {
                frames.add(f);
            }
        }
        if (frames.size() < count) {
            throw new IllegalStateException("Megamind.avi gave " + frames.size() + " frames, expected " + count);
        }
        return new LiveFrames(frames, ellipse(SIZE));
    }

    /** 255 inside an ellipse of 60% x 80% of the frame, fading to 0 over a few pixels at its edge. */
    static Mask ellipse(int size) {
        byte[] alpha = new byte[size * size];
        double cx = size / 2.0, cy = size / 2.0, rx = size * 0.3, ry = size * 0.4;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double dx = (x + 0.5 - cx) / rx, dy = (y + 0.5 - cy) / ry;
                double r = Math.sqrt(dx * dx + dy * dy);
                double a = Math.max(0, Math.min(1, (1.05 - r) / 0.1));
                alpha[y * size + x] = (byte) Math.round(a * 255);
            }
        }
        return new Mask(size, size, alpha);
    }

    RgbImage driver(int i) {
        return drivers.get(i % drivers.size());
    }

    Mask mask() {
        return mask;
    }

    /** The driver mirrored, multiplied by the mask: a person on black, as the generator emits it. */
    RgbImage reenacted(int i) {
        RgbImage d = driver(i);
        byte[] out = new byte[SIZE * SIZE * 3];
        byte[] alpha = mask.alpha();
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int a = alpha[y * SIZE + x] & 0xff;
                for (int c = 0; c < 3; c++) {
                    out[(y * SIZE + x) * 3 + c] = (byte) ((d.get(SIZE - 1 - x, y, c) * a + 127) / 255);
                }
            }
        }
        return new RgbImage(SIZE, SIZE, out);
    }

    ReenactedFrame frame(String streamId, long sequence) {
        int i = (int) sequence;
        return ReenactedFrame.newBuilder()
                .setStreamId(streamId)
                .setSequence(sequence)
                .setCaptureTimeMs(System.currentTimeMillis() - 60)
                .setAvatarId("megamind-mirrored")
                .setWidth(SIZE)
                .setHeight(SIZE)
                .setEncoding(FrameEncoding.JPEG)
                .setImage(ByteBuffer.wrap(ImageCodecs.encodeJpeg(reenacted(i), 90)))
                .setMask(ByteBuffer.wrap(ImageCodecs.encodeMaskPng(mask)))
                .setDriver(ByteBuffer.wrap(ImageCodecs.encodeJpeg(driver(i), 90)))
                .setModelVersion("test")
                .setTimings(List.of())
                .build();
    }

    /** Sends frames of {@code streamId} to {@code sink} at {@code fps} until closed. */
    Feeder feed(String streamId, double fps, Consumer<ReenactedFrame> sink) {
        return new Feeder(this, streamId, fps, sink);
    }

    static final class Feeder implements AutoCloseable {
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long sent;

        Feeder(LiveFrames frames, String streamId, double fps, Consumer<ReenactedFrame> sink) {
            long periodNanos = (long) (1e9 / fps);
            thread = new Thread(() -> {
                long next = System.nanoTime();
                for (long seq = 0; running; seq++) {
                    sink.accept(frames.frame(streamId, seq));
                    sent = seq + 1;
                    next += periodNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    } else {
                        // behind (the first frames encode on a cold JVM): go on from now instead of
                        // catching up in a burst, which a receiver would measure as twice the rate
                        next = System.nanoTime();
                    }
                }
            }, "live-frames-" + streamId);
            thread.setDaemon(true);
            thread.start();
        }

        long sent() {
            return sent;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5_000);
        }
    }
}
