package io.reenact.model.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Source frames chosen as serving chooses them: of the frames an avatar keeps, the ones nearest the
 * driver in head pose and expression. Random sources show the flow decoder mostly large motions, while
 * served it warps the nearest kept frame, where what is left of its error is about a pixel of head
 * pose over the whole head. Training on served-like pairs spends the decoder's learning where it serves.
 */
final class NearestSources {

    /** As many frames as an avatar keeps to warp ({@code WarpSources}). */
    static final int CANDIDATES = 16;

    /**
     * Spread of each factor across a video, in its own units: yaw, pitch, roll, x, y, scale, jaw,
     * smile, blink, brows. Each difference is divided by it, so no factor outweighs the others by its
     * units; gaze is left out, as the code serving chooses by barely carries it.
     */
    private static final double[] SPREAD = {0.3, 0.1, 0.07, 0.03, 0.03, 0.05, 0.3, 0.3, 0.5, 0.3};

    private NearestSources() {
    }

    /**
     * The {@code k} frames of {@code candidates} drawn from [0, frames) (never {@code exclude}) whose
     * poses, by {@code poseOf}, are nearest {@code target}, nearest first.
     */
    static int[] pick(int frames, int k, int exclude, HeadPose target, IntFunction<HeadPose> poseOf, Random rng) {
        List<Integer> pool = new ArrayList<>(frames);
        for (int f = 0; f < frames; f++) {
            if (f != exclude) {
                pool.add(f);
            }
        }
        if (pool.size() < k) {
            throw new IllegalArgumentException("need " + k + " frames besides the target, the video has " + pool.size());
        }
        int n = Math.min(CANDIDATES, pool.size());
        for (int i = 0; i < n; i++) {
            int j = i + rng.nextInt(pool.size() - i);
            Integer t = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, t);
        }
        List<Integer> candidates = new ArrayList<>(pool.subList(0, n));
        candidates.sort(Comparator.comparingDouble(f -> distance(target, poseOf.apply(f))));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = candidates.get(i);
        }
        return out;
    }

    static double distance(HeadPose a, HeadPose b) {
        double[] d = {a.yaw() - b.yaw(), a.pitch() - b.pitch(), a.roll() - b.roll(), a.tx() - b.tx(), a.ty() - b.ty(),
            a.scale() - b.scale(), a.jawOpen() - b.jawOpen(), a.smile() - b.smile(), a.blink() - b.blink(),
            a.browRaise() - b.browRaise()};
        double sum = 0;
        for (int i = 0; i < d.length; i++) {
            double u = d[i] / SPREAD[i];
            sum += u * u;
        }
        return sum;
    }
}
