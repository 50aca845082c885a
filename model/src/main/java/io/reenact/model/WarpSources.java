package io.reenact.model;

/**
 * Which of an avatar's enrolment frames the warping renderer warps. Each warped source costs one
 * flow decoder pass per output frame, so a frame warps only {@link #SERVING} of them: of the
 * {@link #KEPT} frames the avatar carries (spread over its enrolment), those whose latent poses are
 * nearest the driver's. A frame with the driver's expression, warped, shows it sharply; no other
 * frame can (the identity still averages all).
 */
public final class WarpSources {

    /**
     * Sources warped per frame: as many as the shipped warp-128 was trained with (K = 2);
     * {@code -Dreenact.warp-sources=N} trades cost for coverage.
     */
    public static final int SERVING = Integer.getInteger("reenact.warp-sources", 2);

    /**
     * Frames an avatar carries to choose from, per frame. On the shipped weights and the held-out
     * heads, choosing the 2 nearest of 8 raised self-driving's mouth-opening correlation from 0.06
     * (2 spread frames) to 0.48 and its PSNR by 0.3 dB; cross-driving moved within noise.
     */
    public static final int KEPT = Integer.getInteger("reenact.kept-sources", 8);

    private WarpSources() {
    }

    /**
     * Indices of the {@code wanted} candidates whose latent poses are nearest the driver's, nearest
     * first: the frames that need the least warping and most likely show what the driver shows
     * (an open mouth, closed eyes). Ties keep the candidates' order.
     */
    public static int[] nearest(java.util.List<float[]> candidatePoses, float[] pose, int wanted) {
        int n = Math.min(candidatePoses.size(), wanted);
        double[] d = new double[candidatePoses.size()];
        Integer[] order = new Integer[d.length];
        for (int i = 0; i < d.length; i++) {
            order[i] = i;
            for (int j = 0; j < pose.length; j++) {
                double e = candidatePoses.get(i)[j] - pose[j];
                d[i] += e * e;
            }
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> d[i]));
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = order[i];
        }
        return out;
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
