package io.reenact.model;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Which of an avatar's enrolment frames the warping renderer warps. Each warped source costs one
 * flow decoder pass per output frame, so a frame warps only {@link #SERVING} of them: of the
 * {@link #KEPT} frames the avatar carries (the most varied of its enrolment), those whose latent poses are
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
     * Frames an avatar carries to choose from, per frame. More frames offer more expressions to match:
     * on the 37,000-step warp-128 weights, choosing by code and {@link ExpressionReading}, 16 rather than
     * 8 gave on the held-out heads of three seeds cross-driving PSNR +0.01 / +0.00 / +0.09 dB, eye boxes
     * +0.12 / +0.08 / +0.23 dB, mouth-opening correlation +0.02 / +0.11 / +0.01 (32 on seed 2: +0.03 dB
     * and +0.14 over 8, for twice the memory again). Each kept frame costs about 4 MB of engine memory
     * while its avatar is driven ({@link SourceTensors}). Before, 8 against 2 frames spread over the
     * enrolment raised self-driving's mouth-opening correlation from 0.06 to 0.43.
     */
    public static final int KEPT = Integer.getInteger("reenact.kept-sources", 16);

    /**
     * Frames an enrolment samples by default (of a video; an image gives one). The identity averages
     * them all; a warping model keeps the {@link #KEPT} most {@link #varied}: more frames to choose
     * from find more of the poses and expressions a driver will ask for. Enrolment runs once, and
     * 32 frames cost it well under a second more than 8.
     */
    public static final int ENROLLED = 32;

    private WarpSources() {
    }

    /**
     * Indices of the {@code wanted} candidates whose latent poses are nearest the driver's, nearest
     * first: the frames that need the least warping and most likely show what the driver shows
     * (an open mouth, closed eyes). Ties keep the candidates' order.
     */
    public static int[] nearest(List<float[]> candidatePoses, float[] pose, int wanted) {
        return nearest(candidatePoses, pose, wanted, null);
    }

    /**
     * As {@link #nearest(List, float[], int)}, nearest by code and expression reading together when
     * a reading is given (null: by code alone). On the 37,000-step warp-128 weights and the held-out
     * heads of {@code reenact eval}, choosing by both raised the mouth-opening correlation with the truth
     * from 0.37 to 0.44 under cross-driving and from 0.32 to 0.46 under self-driving, PSNR 0.02 dB higher:
     * the frame with the driver's open mouth is warped rather than a closed one whose head pose matched
     * better. Keeping the avatar's frames by both as well ({@link #varied}) raised self-driving's to 0.63
     * but cost 0.1 dB cross-driving and 0.3 dB self-driving, so frames are kept by code alone.
     */
    public static int[] nearest(List<float[]> candidatePoses, float[] pose, int wanted, ExpressionReading reading) {
        int n = Math.min(candidatePoses.size(), wanted);
        double[] d = new double[candidatePoses.size()];
        Integer[] order = new Integer[d.length];
        for (int i = 0; i < d.length; i++) {
            order[i] = i;
            d[i] = reading == null ? squaredDistance(candidatePoses.get(i), pose)
                    : reading.distance(candidatePoses.get(i), pose);
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> d[i]));
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = order[i];
        }
        return out;
    }

    /**
     * Indices of the {@code wanted} frames (of an enrolment's latent poses) that differ most from
     * each other: the most typical frame first (least summed distance to the others; the mean would
     * lean towards the rare poses), then each time the frame farthest from all chosen so far. All
     * frames when there are no more than wanted.
     *
     * <p>An enrolment video spends most of its frames near one pose. Frames spread evenly in time
     * kept mostly that pose, and a driver's open mouth or closed eyes found no frame to match: on the
     * shipped warp-128 weights and 32 held-out enrolment frames, keeping 8 this way rather than
     * evenly raised the mouth-opening correlation with the truth from 0.22 to 0.31 under
     * cross-driving and from 0.37 to 0.50 under self-driving, PSNR within 0.1 dB.
     */
    public static int[] varied(List<float[]> poses, int wanted) {
        int n = poses.size();
        if (n <= wanted) {
            return pick(n, n);
        }
        int first = 0;
        double least = Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (float[] other : poses) {
                sum += Math.sqrt(squaredDistance(poses.get(i), other));
            }
            if (sum < least) {
                least = sum;
                first = i;
            }
        }
        int[] out = new int[wanted];
        out[0] = first;
        double[] gap = new double[n];
        Arrays.fill(gap, Double.MAX_VALUE);
        for (int c = 1; c < wanted; c++) {
            float[] last = poses.get(out[c - 1]);
            int farthest = 0;
            for (int i = 0; i < n; i++) {
                gap[i] = Math.min(gap[i], squaredDistance(poses.get(i), last));
                if (gap[i] > gap[farthest]) {
                    farthest = i;
                }
            }
            out[c] = farthest;
        }
        return out;
    }

    /** Squared Euclidean distance between two latent pose codes (the measure {@link #nearest} and {@link #varied} use). */
    public static double squaredDistance(float[] a, float[] b) {
        double d = 0;
        for (int j = 0; j < a.length; j++) {
            double e = a[j] - b[j];
            d += e * e;
        }
        return d;
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
