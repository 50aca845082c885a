package io.reenact.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Differentiable bilinear sampling, the warping renderer's basic operation (what PyTorch calls
 * {@code grid_sample} with zero padding and {@code align_corners = false}; DJL 0.36 binds no such op).
 * It composes from {@code gather}: the four corner values are gathered from the flattened source,
 * and the gradient to the sampling grid flows through the fractional corner weights, the gradient
 * to the source through the gather.
 *
 * <p>Grid coordinates are normalised: u = −1 and u = 1 are the outer edges of the source's first
 * and last pixel columns (pixel i spans [i, i + 1) and u = 2x / W − 1). Samples outside read zero.
 */
public final class BilinearWarp {

    private BilinearWarp() {
    }

    /**
     * Samples {@code source} (B, C, H, W) at {@code grid} (B, 2, Ho, Wo) (channel 0 = u, 1 = v),
     * giving (B, C, Ho, Wo).
     */
    public static NDArray sample(NDArray source, NDArray grid) {
        SamplingGrid p = SamplingGrid.of(source, grid, 1);
        long w = p.w();
        long h = p.h();
        long c = p.c();
        NDArray wx1 = p.x().sub(p.x0());
        NDArray wy1 = p.y().sub(p.y0());
        NDArray wx0 = wx1.neg().add(1f);
        NDArray wy0 = wy1.neg().add(1f);
        NDArray x1 = p.x0().add(1f);
        NDArray y1 = p.y0().add(1f);
        NDArray flat = source.reshape(p.b(), c, h * w);
        NDArray out = corner(flat, p.x0(), p.y0(), wx0.mul(wy0), w, h, c)
                .add(corner(flat, x1, p.y0(), wx1.mul(wy0), w, h, c))
                .add(corner(flat, p.x0(), y1, wx0.mul(wy1), w, h, c))
                .add(corner(flat, x1, y1, wx1.mul(wy1), w, h, c));
        return out.reshape(p.b(), c, p.ho(), p.wo());
    }

    /** One corner's contribution: its value (zero outside the source) times its weight. */
    private static NDArray corner(NDArray flat, NDArray xi, NDArray yi, NDArray weight, long w, long h, long c) {
        NDArray inside = xi.gte(0f).logicalAnd(xi.lte(w - 1f)).logicalAnd(yi.gte(0f)).logicalAnd(yi.lte(h - 1f))
                .toType(DataType.FLOAT32, false);
        NDArray index = yi.clip(0, h - 1).mul((float) w).add(xi.clip(0, w - 1)).toType(DataType.INT64, false);
        // a materialised (not broadcast) index: gather's backward scatters through it
        NDArray values = flat.gather(index.repeat(1, c), 2);
        return values.mul(weight.mul(inside));
    }

    /** The identity grid (1, 2, H, W): every pixel samples its own centre. */
    public static float[] identityGrid(int h, int w) {
        float[] g = new float[2 * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                g[y * w + x] = 2f * (x + 0.5f) / w - 1;
                g[h * w + y * w + x] = 2f * (y + 0.5f) / h - 1;
            }
        }
        return g;
    }
}
