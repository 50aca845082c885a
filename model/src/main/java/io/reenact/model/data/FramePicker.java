package io.reenact.model.data;

import java.util.Random;

/** Draws K + 1 frame indices of one video for a training sample. */
final class FramePicker {

    private FramePicker() {
    }

    /**
     * Returns k + 1 indices in [0, frames): the last one is the target. All distinct when
     * {@code frames > k}; otherwise the target is still distinct from every identity frame and the
     * identity frames repeat (a real video may be short).
     */
    static int[] pick(int frames, int k, Random rng) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1: " + k);
        }
        if (frames < 2) {
            throw new IllegalArgumentException("a video needs at least 2 frames, has " + frames);
        }
        int[] out = new int[k + 1];
        if (frames > k) {
            // partial Fisher–Yates over a virtual permutation
            java.util.HashMap<Integer, Integer> swapped = new java.util.HashMap<>();
            for (int i = 0; i <= k; i++) {
                int j = i + rng.nextInt(frames - i);
                int vi = swapped.getOrDefault(i, i);
                int vj = swapped.getOrDefault(j, j);
                swapped.put(j, vi);
                out[i] = vj;
            }
            return out;
        }
        int target = rng.nextInt(frames);
        out[k] = target;
        for (int i = 0; i < k; i++) {
            int f = rng.nextInt(frames - 1);
            out[i] = f >= target ? f + 1 : f;
        }
        return out;
    }
}
