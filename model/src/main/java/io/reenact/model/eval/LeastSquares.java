package io.reenact.model.eval;

import java.util.List;

/**
 * The small linear systems of the evaluation's fits (the pose probe's ridge, the flow's affine part)
 * and of the expression reading the renderer chooses its sources by.
 */
public final class LeastSquares {

    private LeastSquares() {
    }

    /**
     * Gaussian elimination with partial pivoting on an augmented d × (d + 1) system, in place; an
     * unknown the system does not determine comes out 0.
     */
    static double[] solve(double[][] a) {
        int d = a.length;
        for (int c = 0; c < d; c++) {
            int pivot = c;
            for (int r = c + 1; r < d; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            double[] tmp = a[c];
            a[c] = a[pivot];
            a[pivot] = tmp;
            if (Math.abs(a[c][c]) < 1e-12) {
                continue;
            }
            for (int r = 0; r < d; r++) {
                if (r != c) {
                    double factor = a[r][c] / a[c][c];
                    for (int k = c; k <= d; k++) {
                        a[r][k] -= factor * a[c][k];
                    }
                }
            }
        }
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = Math.abs(a[j][j]) < 1e-12 ? 0 : a[j][d] / a[j][j];
        }
        return w;
    }

    /** Least squares with an L2 penalty (not on the last column, the bias): (XᵀX + λI) w = Xᵀy. */
    public static double[] ridge(List<double[]> x, List<Double> y, double lambda) {
        int d = x.get(0).length;
        double[][] a = new double[d][d + 1];
        for (int i = 0; i < x.size(); i++) {
            double[] row = x.get(i);
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    a[j][k] += row[j] * row[k];
                }
                a[j][d] += row[j] * y.get(i);
            }
        }
        for (int j = 0; j < d - 1; j++) {
            a[j][j] += lambda * x.size();
        }
        return solve(a);
    }
}
