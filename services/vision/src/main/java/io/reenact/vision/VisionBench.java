package io.reenact.vision;

import io.reenact.vision.face.FaceBench;
import io.reenact.vision.landmarks.LandmarkBench;
import io.reenact.vision.mask.MaskBench;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Runs the face, mask and landmark benches one after another, each with its full printout, then
 * prints one table of the per-frame costs and face-stage quality that decide whether the vision
 * stages keep up with a live camera. Iteration counts are modest so that the whole run stays near a
 * minute on a small shared machine; the single benches take larger counts for steadier numbers.
 *
 * <p>Arguments: {@code [static-head frames, default 60] [timed segmentations per case, default 40]
 * [landmark predictions per case, default 300]}.
 */
public final class VisionBench {

    private static final double FPS = 30;

    private static final String USAGE = "usage: bench-vision [static-head frames, default 60]"
            + " [timed segmentations per case, default 40] [landmark predictions per case, default 300]";

    private VisionBench() {
    }

    public static void main(String[] args) throws IOException {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        if (args.length > 3) {
            throw new IllegalArgumentException("at most three arguments; " + USAGE);
        }
        int staticFrames = count(args, 0, 60);
        int segmentations = count(args, 1, 40);
        int predictions = count(args, 2, 300);
        long start = System.nanoTime();

        System.out.println("== faces (FaceBench)");
        FaceBench.Result faces = FaceBench.run(staticFrames, FPS);
        System.out.println();
        System.out.println("== person masks (MaskBench)");
        List<MaskBench.Timed> masks = MaskBench.run(segmentations);
        System.out.println();
        System.out.println("== landmarks (LandmarkBench)");
        LandmarkBench.Result landmarks = LandmarkBench.run(predictions);

        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println();
        System.out.printf(Locale.ROOT, "== summary: %d cores, %.0f s in all; per-frame wall time in ms%n",
                Runtime.getRuntime().availableProcessors(), seconds);
        row("what", "p50", "p99", "note");
        detector("detector BlazeFace", faces.blazeFace());
        detector("detector Haar cascade", faces.cascade());
        for (MaskBench.Timed t : masks) {
            if (t.model().startsWith("general") && !t.size().equals("256x256")) {
                row("segmenter selfie " + t.model().substring("general ".length()) + " on " + t.size(),
                        ms(t.p50()), ms(t.p99()), t.threads() + " TFLite thread" + (t.threads() > 1 ? "s" : ""));
            }
        }
        row("landmarks dlib 68 per face", ms(landmarks.wallP50()), ms(landmarks.wallP99()),
                String.format(Locale.ROOT, "thread CPU p50 %.2f, p99 %.2f", landmarks.cpuP50(), landmarks.cpuP99()));
        FaceBench.Jitter jitter = faces.blazeFaceJitter();
        row("crop jitter p95 (px)", "", "", String.format(Locale.ROOT,
                "static head, BlazeFace: raw %.3f px, 1€-smoothed %.3f px", jitter.rawP95(), jitter.smoothedP95()));
    }

    private static int count(String[] args, int index, int fallback) {
        if (index >= args.length) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(args[index]);
            if (n > 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the usage
        }
        throw new IllegalArgumentException("expected a whole number above 1, got '" + args[index] + "'; " + USAGE);
    }

    private static void detector(String name, FaceBench.Detection d) {
        row(name, ms(d.p50()), ms(d.p99()), String.format(Locale.ROOT, "Megamind.avi: face in %d/%d frames (%.1f%%)",
                d.found(), d.frames(), 100.0 * d.found() / d.frames()));
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%.2f", millis);
    }

    private static void row(String what, String p50, String p99, String note) {
        System.out.printf(Locale.ROOT, "%-38s %8s %8s  %s%n", what, p50, p99, note);
    }
}
