package io.reenact.vision.landmarks;

import io.reenact.model.RgbImage;
import io.reenact.vision.Assets;
import io.reenact.vision.MediaFrames;
import io.reenact.vision.Timings;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * Prints what the 68-point landmarks cost: loading dlib's model, one prediction per face (p50 and
 * p99 over many) on {@code astronaut.png} and on every frame of {@code Megamind.avi}, and one
 * keypoint-baseline warp. Single thread, after a warm-up.
 *
 * <p>Each line gives wall time and the thread's CPU time: on a machine shared with other work the
 * wall time includes waiting for a core, the CPU time is what a prediction costs.
 *
 * <p>Megamind's face moves and zooms through the clip, so its box is a fixed central square
 * (x 300..520, y 100..320): a prediction costs the same whatever it lands on, which is what this
 * measures, not accuracy.
 */
public final class LandmarkBench {

    /** dlib's frontal detector box for the astronaut's face (dlib {@code rectangle(170, 80, 274, 184)}). */
    static final LandmarkBox ASTRONAUT_BOX = LandmarkBox.fromDlib(170, 80, 274, 184);
    static final LandmarkBox MEGAMIND_BOX = new LandmarkBox(300, 100, 220, 220);

    private LandmarkBench() {
    }

    public static void main(String[] args) throws IOException {
        run(args.length > 0 ? Integer.parseInt(args[0]) : 2000);
    }

    /** Per-face prediction cost on Megamind frames, in milliseconds: wall and thread-CPU time. */
    public record Result(double wallP50, double wallP99, double cpuP50, double cpuP99) {
    }

    /** Prints every measurement, about {@code rounds} predictions per case, and returns the Megamind one. */
    public static Result run(int rounds) throws IOException {
        long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        DlibShapePredictor predictor = DlibShapePredictor.load(Assets.require(Assets.DLIB_LANDMARKS));
        System.out.printf(Locale.ROOT, "model load: wall %d ms, cpu %d ms (%d levels, %d landmarks)%n",
                (System.nanoTime() - t0) / 1_000_000,
                (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1_000_000,
                predictor.cascadeLevels(), predictor.parts());

        RgbImage astronaut = MediaFrames.readImage(Assets.require(Assets.ASTRONAUT));
        for (int i = 0; i < 500; i++) {
            predictor.predict(astronaut, ASTRONAUT_BOX);
        }
        Timings astronautTimes = new Timings(rounds);
        for (int i = 0; i < rounds; i++) {
            astronautTimes.start();
            predictor.predict(astronaut, ASTRONAUT_BOX);
            astronautTimes.stop();
        }
        astronautTimes.print("astronaut.png 512x512, box " + describe(ASTRONAUT_BOX) + ", " + rounds + " predictions");

        List<RgbImage> frames = MediaFrames.readVideo(Assets.require(Assets.MEGAMIND), Integer.MAX_VALUE);
        int passes = Math.max(1, rounds / frames.size());
        Timings frameTimes = new Timings(passes * frames.size());
        for (RgbImage f : frames) {
            predictor.predict(f, MEGAMIND_BOX);
        }
        for (int p = 0; p < passes; p++) {
            for (RgbImage f : frames) {
                frameTimes.start();
                predictor.predict(f, MEGAMIND_BOX);
                frameTimes.stop();
            }
        }
        frameTimes.print("Megamind.avi " + frames.get(0).width() + "x" + frames.get(0).height() + ", " + frames.size()
                + " frames x " + passes + " passes, fixed box " + describe(MEGAMIND_BOX));

        float[] lm = predictor.predict(astronaut, ASTRONAUT_BOX);
        float[] moved = lm.clone();
        for (int i = 48 * 2 + 1; i < moved.length; i += 2) {
            moved[i] += 6;
        }
        int warps = Math.max(20, rounds / 20);
        for (int i = 0; i < 10; i++) {
            KeypointBaseline.warp(astronaut, lm, moved);
        }
        Timings warpTimes = new Timings(warps);
        for (int i = 0; i < warps; i++) {
            warpTimes.start();
            KeypointBaseline.warp(astronaut, lm, moved);
            warpTimes.stop();
        }
        warpTimes.print("keypoint-baseline warp 512x512, " + warps + " warps");
        return new Result(frameTimes.wallMillis(50), frameTimes.wallMillis(99), frameTimes.cpuMillis(50), frameTimes.cpuMillis(99));
    }

    private static String describe(LandmarkBox b) {
        return String.format(Locale.ROOT, "(%.0f,%.0f %.0fx%.0f)", b.x(), b.y(), b.width(), b.height());
    }
}
