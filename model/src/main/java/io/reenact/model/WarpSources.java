package io.reenact.model;

/**
 * Which of an avatar's enrolment frames the warping renderer warps. Each source costs one flow
 * decoder pass per output frame, so serving keeps a few, spread over the enrolment (different
 * poses and expressions cover more of what a driver can ask for); the identity still averages all.
 */
public final class WarpSources {

    /**
     * Sources kept for serving and evaluation: by default as many as the shipped warp-128 was trained
     * with (K = 2); {@code -Dreenact.warp-sources=N} trades cost for coverage.
     */
    public static final int SERVING = Integer.getInteger("reenact.warp-sources", 2);

    private WarpSources() {
    }

    /** Indices of up to {@code wanted} of {@code available} frames, evenly spread. */
    public static int[] pick(int available, int wanted) {
        int n = Math.min(available, wanted);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i * available / n;
        }
        return out;
    }
}
