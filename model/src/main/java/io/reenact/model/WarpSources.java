package io.reenact.model;

/**
 * Which of an avatar's enrolment frames the warping renderer warps. Each warped source costs one
 * flow decoder pass per output frame, so a frame warps only {@link #SERVING} of them: of the
 * {@link #KEPT} frames the avatar carries (spread over its enrolment), those whose latent poses are
 * nearest the driver's. A frame with the driver's expression, warped, shows it sharply; a blend of
 * others cannot (the identity still averages all).
 */
public final class WarpSources {

    /**
     * Sources warped per frame. One, the nearest: on the shipped warp-128 weights and the held-out
     * heads, warping the nearest of 8 against blending the nearest 2 gave sharpness 0.75 against 0.47
     * (a blend of two warps that differ by a pixel shows every eye and brow twice, faintly), cross-
     * driving PSNR 20.14 against 20.53 dB, and a render of 21 ms against 30-32 ms on one core.
     * {@code -Dreenact.warp-sources=N} blends N.
     */
    public static final int SERVING = Integer.getInteger("reenact.warp-sources", 1);

    /**
     * Frames an avatar carries to choose from, per frame. On the shipped weights and the held-out
     * heads, blending the 2 nearest of 8 rather than 2 frames spread over the enrolment raised
     * self-driving's mouth-opening correlation from 0.06 to 0.43 and its PSNR by 0.2 dB.
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
