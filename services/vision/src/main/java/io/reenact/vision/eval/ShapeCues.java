package io.reenact.vision.eval;

import io.reenact.model.data.Landmarks68;

import java.util.List;

/**
 * Identity cues a 68-point landmark set carries: lengths of the face that differ between people
 * (face and jaw width, eye spacing, nose length, mouth width, face height, nose-to-mouth gap), each
 * divided by the outer-eye-corner distance so that position, size and in-plane rotation drop out.
 * Out-of-plane rotation and expression do not drop out, so cues are only compared between images
 * of the same pose — in cross-driving the avatar's ground truth, the driver and the outputs all are.
 */
final class ShapeCues {

    /** Pairs of landmarks whose distance is one cue. */
    private static final int[][] LENGTHS = {
            {0, 16},   // face width at the temples
            {4, 12},   // jaw width
            {39, 42},  // inner eye corners
            {27, 33},  // nose bridge to nose base
            {48, 54},  // mouth width
            {27, 8},   // nose bridge to chin
            {33, 51},  // nose base to upper lip
    };

    static final int COUNT = LENGTHS.length;
    static final List<String> NAMES = List.of("face width", "jaw width", "inner eye corners", "nose length",
            "mouth width", "bridge to chin", "nose to lip");

    private ShapeCues() {
    }

    static double[] of(float[] landmarks) {
        double eyes = Landmarks68.interocular(landmarks);
        if (!(eyes > 0)) {
            throw new IllegalArgumentException("the outer eye corners coincide: no scale to normalise by");
        }
        double[] cues = new double[COUNT];
        for (int i = 0; i < COUNT; i++) {
            cues[i] = Landmarks68.distance(landmarks, LENGTHS[i][0], LENGTHS[i][1]) / eyes;
        }
        return cues;
    }

    /** Root mean square difference of two cue vectors (in units of the interocular distance). */
    static double distance(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(sum / a.length);
    }

    /**
     * Where {@code x} lies along the line from {@code a} to {@code b}: 0 at a, 1 at b (the
     * projection), NaN when a and b coincide.
     */
    static double along(double[] x, double[] a, double[] b) {
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (x[i] - a[i]) * (b[i] - a[i]);
            den += (b[i] - a[i]) * (b[i] - a[i]);
        }
        return den == 0 ? Double.NaN : num / den;
    }

    /** Pearson correlation of each cue between two equally long lists of cue vectors (NaN if either is constant). */
    static double[] correlation(List<double[]> x, List<double[]> y) {
        double[] r = new double[COUNT];
        int n = x.size();
        for (int c = 0; c < COUNT; c++) {
            double mx = 0, my = 0;
            for (int i = 0; i < n; i++) {
                mx += x.get(i)[c];
                my += y.get(i)[c];
            }
            mx /= n;
            my /= n;
            double sxy = 0, sxx = 0, syy = 0;
            for (int i = 0; i < n; i++) {
                double dx = x.get(i)[c] - mx, dy = y.get(i)[c] - my;
                sxy += dx * dy;
                sxx += dx * dx;
                syy += dy * dy;
            }
            r[c] = sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Double.NaN;
        }
        return r;
    }
}
