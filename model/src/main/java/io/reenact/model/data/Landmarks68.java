package io.reenact.model.data;

import io.reenact.model.RgbImage;

/**
 * The iBUG 300-W 68-point landmark convention, as used by dlib and the paper's pose metric.
 *
 * <p>Landmarks are stored as {@code float[136]}: {x0, y0, x1, y1, ...} in continuous pixel
 * coordinates, where pixel (i, j) covers [i, i+1) × [j, j+1) (its centre is (i + 0.5, j + 0.5)).
 * "Left"/"right" in the iBUG names refer to the subject; on a frontal image the subject's right is
 * the image's left, so index 0 and the eye corner 36 are on the image's left.
 */
public final class Landmarks68 {

    public static final int COUNT = 68;

    public static final int JAW_FIRST = 0;
    public static final int CHIN = 8;
    public static final int JAW_LAST = 16;
    public static final int RIGHT_BROW_FIRST = 17;
    public static final int LEFT_BROW_LAST = 26;
    public static final int NOSE_BRIDGE_TOP = 27;
    public static final int NOSE_TIP = 30;
    public static final int NOSE_BASE_FIRST = 31;
    public static final int NOSE_BASE_LAST = 35;
    /** Outer corner of the subject's right eye (image left on a frontal face). */
    public static final int RIGHT_EYE_OUTER = 36;
    public static final int RIGHT_EYE_INNER = 39;
    public static final int LEFT_EYE_INNER = 42;
    /** Outer corner of the subject's left eye (image right on a frontal face). */
    public static final int LEFT_EYE_OUTER = 45;
    public static final int MOUTH_RIGHT_CORNER = 48;
    public static final int UPPER_LIP_TOP = 51;
    public static final int MOUTH_LEFT_CORNER = 54;
    public static final int LOWER_LIP_BOTTOM = 57;
    public static final int INNER_UPPER_LIP = 62;
    public static final int INNER_LOWER_LIP = 66;

    /** Index ranges [first, last] of the named groups. */
    public static final int[] JAW = range(0, 16);
    public static final int[] RIGHT_BROW = range(17, 21);
    public static final int[] LEFT_BROW = range(22, 26);
    public static final int[] NOSE = range(27, 35);
    public static final int[] RIGHT_EYE = range(36, 41);
    public static final int[] LEFT_EYE = range(42, 47);
    public static final int[] OUTER_MOUTH = range(48, 59);
    public static final int[] INNER_MOUTH = range(60, 67);

    private Landmarks68() {
    }

    private static int[] range(int first, int last) {
        int[] r = new int[last - first + 1];
        for (int i = 0; i < r.length; i++) {
            r[i] = first + i;
        }
        return r;
    }

    public static float x(float[] lm, int i) {
        return lm[i * 2];
    }

    public static float y(float[] lm, int i) {
        return lm[i * 2 + 1];
    }

    public static double distance(float[] lm, int a, int b) {
        return Math.hypot(lm[a * 2] - lm[b * 2], lm[a * 2 + 1] - lm[b * 2 + 1]);
    }

    /** Distance between the outer eye corners 36 and 45: the paper's normaliser for pose error. */
    public static double interocular(float[] lm) {
        return distance(lm, RIGHT_EYE_OUTER, LEFT_EYE_OUTER);
    }

    /**
     * Mean distance between two landmark sets divided by the interocular distance of
     * {@code reference} (the paper's pose reconstruction error, without alignment).
     */
    public static double normalizedMeanError(float[] predicted, float[] reference) {
        check(predicted);
        check(reference);
        double sum = 0;
        for (int i = 0; i < COUNT; i++) {
            sum += Math.hypot(predicted[i * 2] - reference[i * 2], predicted[i * 2 + 1] - reference[i * 2 + 1]);
        }
        return sum / COUNT / interocular(reference);
    }

    /**
     * As {@link #normalizedMeanError} after the least-squares scale and shift of {@code predicted}
     * onto {@code reference} (the paper's aligned variant).
     */
    public static double alignedNormalizedMeanError(float[] predicted, float[] reference) {
        check(predicted);
        check(reference);
        double pmx = 0, pmy = 0, rmx = 0, rmy = 0;
        for (int i = 0; i < COUNT; i++) {
            pmx += predicted[i * 2];
            pmy += predicted[i * 2 + 1];
            rmx += reference[i * 2];
            rmy += reference[i * 2 + 1];
        }
        pmx /= COUNT;
        pmy /= COUNT;
        rmx /= COUNT;
        rmy /= COUNT;
        double num = 0, den = 0;
        for (int i = 0; i < COUNT; i++) {
            double px = predicted[i * 2] - pmx;
            double py = predicted[i * 2 + 1] - pmy;
            num += px * (reference[i * 2] - rmx) + py * (reference[i * 2 + 1] - rmy);
            den += px * px + py * py;
        }
        double s = den > 0 ? num / den : 1;
        float[] aligned = new float[COUNT * 2];
        for (int i = 0; i < COUNT; i++) {
            aligned[i * 2] = (float) (rmx + s * (predicted[i * 2] - pmx));
            aligned[i * 2 + 1] = (float) (rmy + s * (predicted[i * 2 + 1] - pmy));
        }
        return normalizedMeanError(aligned, reference);
    }

    /** A copy of {@code image} with the landmarks drawn as small coloured dots (by group). */
    public static RgbImage draw(RgbImage image, float[] lm) {
        check(lm);
        byte[] px = image.pixels().clone();
        for (int i = 0; i < COUNT; i++) {
            int rgb = i <= 16 ? 0xffff00 : i <= 26 ? 0xff8800 : i <= 35 ? 0x00ffff : i <= 47 ? 0x00ff00 : 0xff00ff;
            if (i == RIGHT_EYE_OUTER || i == LEFT_EYE_OUTER || i == CHIN) {
                rgb = 0xff0000;
            }
            int cx = (int) Math.floor(lm[i * 2]);
            int cy = (int) Math.floor(lm[i * 2 + 1]);
            int r = image.width() >= 192 ? 1 : 0;
            for (int y = cy - r; y <= cy + r; y++) {
                for (int x = cx - r; x <= cx + r; x++) {
                    if (x >= 0 && y >= 0 && x < image.width() && y < image.height()) {
                        int o = (y * image.width() + x) * 3;
                        px[o] = (byte) (rgb >> 16);
                        px[o + 1] = (byte) (rgb >> 8);
                        px[o + 2] = (byte) rgb;
                    }
                }
            }
        }
        return new RgbImage(image.width(), image.height(), px);
    }

    private static void check(float[] lm) {
        if (lm.length != COUNT * 2) {
            throw new IllegalArgumentException("expected " + COUNT * 2 + " coordinates, got " + lm.length);
        }
    }
}
