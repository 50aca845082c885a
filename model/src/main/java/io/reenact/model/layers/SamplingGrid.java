package io.reenact.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * A normalised sampling grid turned into source pixel positions, shared by {@link BilinearWarp} and
 * {@link BicubicWarp}: u = −1 and u = 1 are the outer edges of the first and last pixel columns.
 * Positions are clipped to {@code reach} pixels beyond the source (far-off samples read zero anyway;
 * clipping keeps their indices finite), and a NaN position (libtorch on CPU has rarely produced one
 * mid-training) floors to a sentinel outside every kernel's reach, so it reads nothing.
 *
 * @param x  source column of each output pixel (B, 1, n)
 * @param y  source row (B, 1, n)
 * @param x0 floor of x, no gradient
 * @param y0 floor of y, no gradient
 */
record SamplingGrid(long b, long c, long h, long w, long ho, long wo, NDArray x, NDArray y, NDArray x0, NDArray y0) {

    long n() {
        return ho * wo;
    }

    /** {@code reach}: how many pixels beyond the source the kernel's last tap still touches. */
    static SamplingGrid of(NDArray source, NDArray grid, int reach) {
        Shape s = source.getShape();
        long b = s.get(0);
        Shape g = grid.getShape();
        if (g.get(0) != b || g.get(1) != 2) {
            throw new IllegalArgumentException("grid must be (B, 2, H, W) with B = " + b + ", got " + g);
        }
        long h = s.get(2);
        long w = s.get(3);
        long n = g.get(2) * g.get(3);
        NDArray x = grid.get(new NDIndex(":, 0")).reshape(b, 1, n).add(1f).mul(w / 2f).sub(0.5f)
                .clip(-reach - 1f, w + reach);
        NDArray y = grid.get(new NDIndex(":, 1")).reshape(b, 1, n).add(1f).mul(h / 2f).sub(0.5f)
                .clip(-reach - 1f, h + reach);
        float outside = -reach - 3f;
        return new SamplingGrid(b, s.get(1), h, w, g.get(2), g.get(3), x, y,
                finiteOr(x.floor().stopGradient(), outside), finiteOr(y.floor().stopGradient(), outside));
    }

    private static NDArray finiteOr(NDArray v, float outside) {
        return NDArrays.where(v.isNaN(), v.getManager().full(v.getShape(), outside), v);
    }
}
