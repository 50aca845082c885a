package io.reenact.model.data;

import java.util.Random;
import java.util.function.IntFunction;

/**
 * A target frame chosen for how far its expression lies from its sources': of a few drawn, the one
 * whose mouth, lids and brows differ most. Drawn at random, most targets show nearly their sources'
 * expression, so the renderer learns mostly to keep a mouth as the source has it; served, a driver
 * grinning at an avatar enrolled with a closed mouth is what it must draw, and it drew a closed one.
 */
final class ContrastingTargets {

    /** Frames drawn for each target chosen. */
    static final int CANDIDATES = 8;

    /** Spread of jaw, smile, blink and brows across a video: each difference is divided by it. */
    private static final double[] SPREAD = {0.3, 0.3, 0.5, 0.3};

    private ContrastingTargets() {
    }

    /**
     * Of {@link #CANDIDATES} frames drawn from [0, frames) that are none of {@code sources} when
     * {@code sameVideo}, the one whose expression by {@code poseOf} differs most from theirs by {@code sourcePose}.
     */
    static int pick(int frames, int[] sources, boolean sameVideo, IntFunction<HeadPose> poseOf,
                    IntFunction<HeadPose> sourcePose, Random rng) {
        int best = -1;
        double bestDistance = -1;
        for (int tries = 0, drawn = 0; drawn < CANDIDATES && tries < CANDIDATES * 8; tries++) {
            int f = rng.nextInt(frames);
            if (sameVideo && contains(sources, f)) {
                continue;
            }
            drawn++;
            HeadPose p = poseOf.apply(f);
            double d = 0;
            for (int s : sources) {
                d += distance(p, sourcePose.apply(s));
            }
            if (d > bestDistance) {
                best = f;
                bestDistance = d;
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("no frame of " + frames + " besides the sources");
        }
        return best;
    }

    static double distance(HeadPose a, HeadPose b) {
        double[] d = {a.jawOpen() - b.jawOpen(), a.smile() - b.smile(), a.blink() - b.blink(), a.browRaise() - b.browRaise()};
        double sum = 0;
        for (int i = 0; i < d.length; i++) {
            double u = d[i] / SPREAD[i];
            sum += u * u;
        }
        return sum;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }
}
