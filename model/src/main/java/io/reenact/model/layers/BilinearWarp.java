package io.reenact.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

    /** The row (y) and column (x) entries of a (B, 2 lo/hi, 2 x/y, n) array. */
    private static final NDIndex ROWS = new NDIndex(":, :, 1");
    private static final NDIndex COLUMNS = new NDIndex(":, :, 0");

    private static final Map<Long, float[]> IDENTITY_GRIDS = new ConcurrentHashMap<>();

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

    /**
     * The same samples as {@link #sample} (to float rounding) in about half the operations, for
     * inference, where no gradient is needed: both axes are handled at once and the four corners
     * gathered in one call. A served frame samples four times (three flow scales and the image), and
     * each small operation costs the engine a few microseconds whatever its size. Falls back to
     * {@link #sample} for a source that is not square.
     */
    public static NDArray sampleForInference(NDArray source, NDArray grid) {
        Shape s = source.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long side = s.get(2);
        Shape g = grid.getShape();
        if (s.get(3) != side || g.get(0) != b || g.get(1) != 2) {
            return sample(source, grid);
        }
        long n = g.get(2) * g.get(3);
        float last = side - 1f;
        // pixel positions (B, 2 x/y, n), clipped as SamplingGrid clips them; a NaN reads nothing
        NDArray p = grid.reshape(b, 2, n).mul(side / 2f).add(side / 2f - 0.5f).clip(-2f, side + 1f);
        p = NDArrays.where(p.isNaN(), p.getManager().full(p.getShape(), -4f), p);
        NDArray lo = p.floor();
        NDArray upper = p.sub(lo);
        // each axis's two neighbours and their weights, zero outside the source: (B, 2 lo/hi, 2 x/y, n)
        NDArray corner = NDArrays.stack(new NDList(lo, lo.add(1f)), 1);
        NDArray weight = NDArrays.stack(new NDList(upper.neg().add(1f), upper), 1)
                .mul(corner.gte(0f).logicalAnd(corner.lte(last)).toType(DataType.FLOAT32, false));
        // the four corners (row lo/hi × column lo/hi) as flat indices row × side + column, (B, 1, 4n)
        NDArray index = cornerIndexer(p.getManager(), side).matMul(corner.clip(0f, last).reshape(b, 4, n))
                .reshape(b, 1, 4 * n).toType(DataType.INT64, false);
        NDArray cornerWeight = weight.get(ROWS).reshape(b, 2, 1, n)
                .mul(weight.get(COLUMNS).reshape(b, 1, 2, n)).reshape(b, 1, 4 * n);
        // the index broadcast over the channels, not repeated: repeat_interleave cost more than the gather
        NDArray values = source.reshape(b, c, side * side).gather(index.broadcast(b, c, 4 * n), 2);
        return values.mul(cornerWeight).reshape(b, c, 4, n).sum(new int[] {2}).reshape(b, c, g.get(2), g.get(3));
    }

    /**
     * (4, 4): from a corner array's (lo x, lo y, hi x, hi y) the flat indices of the corners
     * (row lo, column lo), (lo, hi), (hi, lo), (hi, hi). Exact in float: every index is below 2^24.
     */
    private static NDArray cornerIndexer(NDManager m, long side) {
        float s = side;
        return m.create(new float[] {
            1, s, 0, 0,
            0, s, 1, 0,
            1, 0, 0, s,
            0, 0, 1, s}, new Shape(4, 4));
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

    /**
     * {@link #identityGrid} made once per size, for callers that only read it (a served frame asks
     * for one per flow scale).
     */
    public static float[] sharedIdentityGrid(int h, int w) {
        return IDENTITY_GRIDS.computeIfAbsent(((long) h << 32) | w, key -> identityGrid(h, w));
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
