package io.reenact.model.eval;

/** The small linear systems of the evaluation's fits (the pose probe's ridge, the flow's affine part). */
final class LeastSquares {

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
}
