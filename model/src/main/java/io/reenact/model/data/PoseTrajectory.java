package io.reenact.model.data;

import java.util.SplittableRandom;

/**
 * A smooth head-motion and expression timeline: each pose channel is a base value plus a few
 * low-frequency sines (0.1–0.75 Hz at 25 frames/s); the jaw follows a syllable rhythm (about
 * 3–5 Hz) gated by talking phrases; blinks are short events every 0.6–2 s. Closed-form in t, so any
 * frame can be rendered alone (training samples random frames).
 */
final class PoseTrajectory {

    private static final float[] BLINK = {0.35f, 0.85f, 1f, 0.8f, 0.45f, 0.15f};

    private final int frameCount;
    private final Channel yaw;
    private final Channel pitch;
    private final Channel roll;
    private final Channel tx;
    private final Channel ty;
    private final Channel scale;
    private final Channel smile;
    private final Channel brow;
    private final Channel gazeX;
    private final Channel gazeY;
    private final Channel phrase;
    private final double syllableFreq;
    private final double syllablePhase;
    private final double loudness;
    private final boolean[] blinkStarts;

    PoseTrajectory(long seed, int frameCount) {
        if (frameCount < 1) {
            throw new IllegalArgumentException("frameCount must be positive: " + frameCount);
        }
        this.frameCount = frameCount;
        SplittableRandom r = new SplittableRandom(seed);
        yaw = new Channel(r, u(r, -0.3, 0.3), 0.35, 0.004, 0.03);
        pitch = new Channel(r, u(r, -0.12, 0.12), 0.14, 0.004, 0.03);
        roll = new Channel(r, u(r, -0.1, 0.1), 0.1, 0.003, 0.02);
        tx = new Channel(r, u(r, -0.05, 0.05), 0.03, 0.003, 0.02);
        ty = new Channel(r, u(r, -0.04, 0.04), 0.025, 0.003, 0.02);
        scale = new Channel(r, u(r, 0.9, 1.1), 0.04, 0.002, 0.015);
        // expressions change within seconds, so a short training video (64 frames) spans their range
        smile = new Channel(r, u(r, 0.2, 0.5), 0.75, 0.02, 0.07);
        brow = new Channel(r, u(r, 0.2, 0.5), 0.7, 0.02, 0.07);
        gazeX = new Channel(r, u(r, -0.2, 0.2), 0.9, 0.02, 0.08);
        gazeY = new Channel(r, u(r, -0.1, 0.1), 0.6, 0.02, 0.08);
        phrase = new Channel(r, u(r, 0.3, 0.6), 0.8, 0.02, 0.06);
        syllableFreq = u(r, 0.12, 0.2);
        syllablePhase = u(r, 0, Math.PI * 2);
        loudness = u(r, 0.55, 1);
        blinkStarts = new boolean[frameCount];
        // a blink every 0.6–2 s: more often than people blink, so that closed lids are common
        // enough in training samples (about a fifth of frames) for the renderer to learn them
        int t = (int) u(r, 0, 20);
        while (t < frameCount) {
            blinkStarts[t] = true;
            t += (int) u(r, 15, 50);
        }
    }

    int frameCount() {
        return frameCount;
    }

    HeadPose pose(int t) {
        if (t < 0 || t >= frameCount) {
            throw new IndexOutOfBoundsException("frame " + t + " of " + frameCount);
        }
        float y = clamp(yaw.at(t), -0.75, 0.75);
        float talking = clamp(phrase.at(t) * 2, 0, 1);
        double syl = 0.5 - 0.5 * Math.cos(2 * Math.PI * syllableFreq * t + syllablePhase + 0.8 * Math.sin(0.21 * t));
        float jaw = clamp(talking * loudness * Math.pow(syl, 1.3), 0, 1);
        float blink = 0;
        for (int k = 0; k < BLINK.length && t - k >= 0; k++) {
            if (blinkStarts[t - k]) {
                blink = BLINK[k];
            }
        }
        return new HeadPose(y,
                clamp(pitch.at(t), -0.35, 0.35),
                clamp(roll.at(t), -0.3, 0.3),
                clamp(tx.at(t), -0.1, 0.1),
                clamp(ty.at(t), -0.1, 0.1),
                clamp(scale.at(t), 0.85, 1.15),
                jaw,
                clamp(smile.at(t), 0, 1),
                blink,
                clamp(brow.at(t) + 0.25 * jaw, 0, 1),
                // people keep looking at the camera while turning: the eyes counter-rotate
                clamp(gazeX.at(t) - 0.6 * y, -1, 1),
                clamp(gazeY.at(t) + 0.5 * pitch.at(t), -1, 1));
    }

    private static double u(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    private static float clamp(double v, double lo, double hi) {
        return (float) (v < lo ? lo : (v > hi ? hi : v));
    }

    /** Base + three sines with random frequency (cycles per frame), phase and share of the amplitude. */
    private static final class Channel {
        private final double base;
        private final double[] amp = new double[3];
        private final double[] freq = new double[3];
        private final double[] phase = new double[3];

        Channel(SplittableRandom r, double base, double amplitude, double minFreq, double maxFreq) {
            this.base = base;
            double[] w = {r.nextDouble() + 0.2, r.nextDouble() + 0.2, r.nextDouble() + 0.2};
            double sum = w[0] + w[1] + w[2];
            for (int i = 0; i < 3; i++) {
                amp[i] = amplitude * w[i] / sum;
                freq[i] = minFreq + (maxFreq - minFreq) * r.nextDouble();
                phase[i] = r.nextDouble() * Math.PI * 2;
            }
        }

        double at(int t) {
            double v = base;
            for (int i = 0; i < 3; i++) {
                v += amp[i] * Math.sin(2 * Math.PI * freq[i] * t + phase[i]);
            }
            return v;
        }
    }
}
