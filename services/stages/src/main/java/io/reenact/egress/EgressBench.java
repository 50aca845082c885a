package io.reenact.egress;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.schema.FrameEncoding;
import io.reenact.schema.ReenactedFrame;
import io.reenact.stages.ImageCodecs;
import io.reenact.vision.Assets;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Prints what the outputs cost per frame on this machine: paste-back in each mode, the viewer's
 * decode-composite-encode path, scaling for the push, and H.264 encoding. Run with
 * {@code java -cp ... io.reenact.egress.EgressBench [frames]}.
 */
public final class EgressBench {

    private EgressBench() {
    }

    @FunctionalInterface
    private interface Work {
        void run(int i) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        RgbImage astronaut = ImageCodecs.decodeRgb(Files.readAllBytes(Assets.require(Assets.ASTRONAUT)), "astronaut");
        System.out.printf(Locale.ROOT, "egress bench, %d frames per row, ms per frame p50 / p99%n", n);
        for (int size : new int[] {128, 256, 512}) {
            RgbImage driver = Compositor.cover(astronaut, size, size);
            RgbImage fg = mirrored(driver);
            Mask mask = ellipse(size);
            Compositor overDriver = Compositor.overDriver();
            Compositor overColour = Compositor.overColour(0, 255, 0);
            Compositor overImage = Compositor.overImage(astronaut);
            row("composite over driver " + size, n, i -> overDriver.composite(fg, mask, driver));
            row("composite over colour " + size, n, i -> overColour.composite(fg, mask, driver));
            row("composite over image " + size, n, i -> overImage.composite(fg, mask, driver));
            ReenactedFrame frame = ReenactedFrame.newBuilder()
                    .setStreamId("bench").setSequence(0).setCaptureTimeMs(System.currentTimeMillis())
                    .setAvatarId("a").setWidth(size).setHeight(size).setEncoding(FrameEncoding.JPEG)
                    .setImage(ByteBuffer.wrap(ImageCodecs.encodeJpeg(fg, 90)))
                    .setMask(ByteBuffer.wrap(ImageCodecs.encodeMaskPng(mask)))
                    .setDriver(ByteBuffer.wrap(ImageCodecs.encodeJpeg(driver, 90)))
                    .setModelVersion("bench").setTimings(List.of()).build();
            try (LiveView view = new LiveView("bench", overDriver)) {
                row("viewer: decode, composite, 3 JPEGs " + size, n, i -> view.accept(frame));
            }
            row("scale " + size + " -> 512 for the push", n, i -> Compositor.cover(driver, 512, 512));
            Path file = Files.createTempFile("egress-bench", ".mp4");
            try (Mp4Recorder recorder = new Mp4Recorder(file, size, 1, 25)) {
                row("H.264 ultrafast encode " + size, n, i -> recorder.record(i % 2 == 0 ? driver : fg));
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    private static void row(String name, int n, Work work) throws Exception {
        for (int i = 0; i < Math.min(50, n); i++) {
            work.run(i); // warm-up: JIT and native libraries
        }
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            work.run(i);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "  %-44s %7.3f / %7.3f%n", name, ms[n / 2], ms[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)]);
    }

    private static RgbImage mirrored(RgbImage image) {
        int w = image.width();
        byte[] out = new byte[image.pixels().length];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < w; x++) {
                System.arraycopy(image.pixels(), (y * w + (w - 1 - x)) * 3, out, (y * w + x) * 3, 3);
            }
        }
        return new RgbImage(w, image.height(), out);
    }

    private static Mask ellipse(int size) {
        byte[] alpha = new byte[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double dx = (x - size / 2.0) / (size * 0.3), dy = (y - size / 2.0) / (size * 0.4);
                alpha[y * size + x] = (byte) (dx * dx + dy * dy <= 1 ? 255 : 0);
            }
        }
        return new Mask(size, size, alpha);
    }
}
