package io.reenact.vision.mask;

import static io.reenact.vision.Timings.percentile;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.vision.Assets;
import io.reenact.vision.MediaFrames;
import io.reenact.vision.Timings;
import io.reenact.vision.mask.MaskCodec.Encoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Prints what person masks cost: segmenter time per frame (p50/p99) on Megamind frames at
 * 128², 256² and full size (720×528) with 1 and 2 TFLite threads, and the wire size and codec
 * time of each mask encoding. Arguments: [timed frames per case, default 150].
 */
public final class MaskBench {

    private static final int WARMUP = 15;

    private MaskBench() {
    }

    public static void main(String[] args) {
        run(args.length > 0 ? Integer.parseInt(args[0]) : 150);
    }

    /** Per-frame segmenter cost, in milliseconds, of one model on one frame size. */
    public record Timed(String model, String size, int threads, double p50, double p99) {
    }

    /** Prints every measurement and returns the segmenter timings, {@code timed} frames per case. */
    public static List<Timed> run(int timed) {
        // skip the fade-in from black
        List<RgbImage> full = MediaFrames.readVideo(Assets.require(Assets.MEGAMIND), 270).subList(30, 270);
        List<RgbImage> s128 = full.stream().map(f -> MediaFrames.resize(f, 128, 128)).toList();
        List<RgbImage> s256 = full.stream().map(f -> MediaFrames.resize(f, 256, 256)).toList();
        System.out.printf("MaskBench: %d Megamind frames, %d timed per case, %d cores, %s%n",
            full.size(), timed, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

        List<Timed> results = new ArrayList<>();
        for (SelfieSegmenter.Variant variant : SelfieSegmenter.Variant.values()) {
            for (int threads = 1; threads <= 2; threads++) {
                try (SelfieSegmenter s = SelfieSegmenter.open(variant, threads, SelfieSegmenter.Fit.STRETCH)) {
                    if (threads == 1) {
                        System.out.println("model " + s.modelVersion());
                    }
                    results.add(time(s, "128x128", s128, threads, timed));
                    results.add(time(s, "256x256", s256, threads, timed));
                    results.add(time(s, "720x528", full, threads, timed));
                }
            }
        }

        timeCustomOp(timed);

        try (SelfieSegmenter s = SelfieSegmenter.open()) {
            for (Case c : List.of(new Case("128x128", s128), new Case("256x256", s256), new Case("720x528", full))) {
                List<Mask> masks = new ArrayList<>();
                for (RgbImage f : c.frames()) {
                    masks.add(s.segment(f));
                }
                for (Encoding e : Encoding.values()) {
                    sizes(c.size(), e, masks);
                }
            }
        }
        return results;
    }

    private record Case(String size, List<RgbImage> frames) {
    }

    /** The Java kernel alone, at the geometry of the general model's only custom node. */
    private static void timeCustomOp(int timed) {
        var g = new Convolution2DTransposeBias.Geometry(128, 128, 16, 2, 2, 1, 2, 2, Convolution2DTransposeBias.PADDING_SAME);
        Random rnd = new Random(1);
        float[] input = new float[128 * 128 * 16];
        float[] weights = new float[2 * 2 * 16];
        for (int i = 0; i < input.length; i++) {
            input[i] = rnd.nextFloat();
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] = rnd.nextFloat() - 0.5f;
        }
        float[] bias = {0.1f};
        double[] ms = new double[timed];
        for (int i = -WARMUP * 4; i < timed; i++) {
            long t0 = System.nanoTime();
            Convolution2DTransposeBias.compute(g, input, weights, bias);
            if (i >= 0) {
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        System.out.printf("custom op Java kernel 128x128x16 -> 256x256x1: p50 %.2f ms  p99 %.2f ms%n",
            percentile(ms, 50), percentile(ms, 99));
    }

    private static Timed time(SelfieSegmenter s, String size, List<RgbImage> frames, int threads, int timed) {
        for (int i = 0; i < WARMUP; i++) {
            s.segment(frames.get(i % frames.size()));
        }
        Timings timings = new Timings(timed);
        for (int i = 0; i < timed; i++) {
            timings.start();
            s.segment(frames.get(i % frames.size()));
            timings.stop();
        }
        String model = s.inputWidth() == s.inputHeight() ? "general" : "landscape";
        Timed t = new Timed(model + " " + s.inputWidth() + "x" + s.inputHeight(), size, threads,
            timings.wallMillis(50), timings.wallMillis(99));
        System.out.printf("segment %-8s %-9s threads %d: p50 %6.2f ms  p99 %6.2f ms  (%.0f fps at p50)%n",
            model, size, threads, t.p50(), t.p99(), 1000 / t.p50());
        return t;
    }

    private static void sizes(String size, Encoding e, List<Mask> masks) {
        long[] bytes = new long[masks.size()];
        double[] encodeUs = new double[masks.size()];
        double[] decodeUs = new double[masks.size()];
        for (int i = 0; i < masks.size(); i++) {
            Mask m = masks.get(i);
            long t0 = System.nanoTime();
            byte[] data = MaskCodec.encode(m, e);
            long t1 = System.nanoTime();
            MaskCodec.decode(data, e, m.width(), m.height());
            long t2 = System.nanoTime();
            bytes[i] = data.length;
            encodeUs[i] = (t1 - t0) / 1e3;
            decodeUs[i] = (t2 - t1) / 1e3;
        }
        Arrays.sort(bytes);
        System.out.printf("mask %-8s %-5s: bytes p50 %7d  max %7d   encode p50 %7.1f us  decode p50 %7.1f us%n",
            size, e, bytes[bytes.length / 2], bytes[bytes.length - 1],
            percentile(encodeUs, 50), percentile(decodeUs, 50));
    }
}
