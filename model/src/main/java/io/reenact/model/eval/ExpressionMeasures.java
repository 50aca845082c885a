package io.reenact.model.eval;

import io.reenact.model.data.Landmarks68;

/**
 * How open the mouth and the eyes are, from 68 landmarks, relative to the face's size, so that the
 * output and the truth compare whatever their scale.
 */
public final class ExpressionMeasures {

    private ExpressionMeasures() {
    }

    /** Mean gap between the inner lips (61–67, 62–66, 63–65) over the outer eye corners' distance (36–45). */
    public static double mouthOpening(float[] lm) {
        double gap = (Landmarks68.distance(lm, 61, 67) + Landmarks68.distance(lm, 62, 66)
                + Landmarks68.distance(lm, 63, 65)) / 3;
        return gap / Landmarks68.distance(lm, 36, 45);
    }

    /** The eye aspect ratio, both eyes: lid gaps (37–41, 38–40; 43–47, 44–46) over eye widths (36–39; 42–45). */
    public static double eyeOpenness(float[] lm) {
        double left = (Landmarks68.distance(lm, 37, 41) + Landmarks68.distance(lm, 38, 40))
                / (2 * Landmarks68.distance(lm, 36, 39));
        double right = (Landmarks68.distance(lm, 43, 47) + Landmarks68.distance(lm, 44, 46))
                / (2 * Landmarks68.distance(lm, 42, 45));
        return (left + right) / 2;
    }

    /** Pearson correlation of two series; NaN when either is constant. */
    public static double correlation(double[] a, double[] b) {
        int n = a.length;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa < 1e-12 || sbb < 1e-12 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }
}
