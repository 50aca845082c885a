package io.reenact.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/**
 * How far an image's amount of fine detail is from the truth's, cell by cell, wherever that detail
 * lies inside the cell: the root-mean-square Laplacian of the luma over cells of {@link #CELL} pixels
 * inside the face, compared as an L1 distance.
 *
 * <p>Why: every pixel loss (L1, SSIM) is cheapest for a blur when the output's detail is a pixel or
 * two off: averaging two sources whose warps disagree costs less than showing either one's eyes. The
 * paper counters that with a discriminator; this is the part of its job that matters here, priced
 * without one. It does not care where in a cell an eye line sits, so it never pays to wash detail out,
 * and the pixel losses still say where it belongs.
 *
 * <p>Inputs: output and target (B, 3, H, W) in [0, 1] (already masked), and the target's mask
 * (B, 1, H, W); only pixels whose 3 × 3 neighbourhood is all fully inside the target's mask count,
 * so the target's silhouette is not detail (the output's own mask edge still is where it cuts into
 * the face, which is a fault worth its price).
 */
public final class DetailLoss {

    /** Side of the cells whose detail is compared: about an eye's width at 128². */
    public static final int CELL = 8;
    /** Keeps the square root's gradient finite in flat cells. */
    private static final float EPS = 1e-4f;

    public NDArray compute(NDArray output, NDArray target, NDArray mask) {
        NDArray inside = interior(mask);
        NDArray cover = cellMean(inside);
        NDArray energyOut = cellMean(laplacian(output).square().mul(inside)).div(cover.add(EPS));
        NDArray energyTarget = cellMean(laplacian(target).square().mul(inside)).div(cover.add(EPS));
        NDArray counted = cover.gt(0.5f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        NDArray gap = energyOut.add(EPS).sqrt().sub(energyTarget.add(EPS).sqrt()).abs().mul(counted);
        return gap.sum().div(counted.sum().maximum(1f));
    }

    /** Laplacian of the luma on the interior pixels (B, 1, H − 2, W − 2). */
    static NDArray laplacian(NDArray rgb) {
        NDArray luma = rgb.get(new NDIndex(":, 0:1")).mul(0.299f)
                .add(rgb.get(new NDIndex(":, 1:2")).mul(0.587f))
                .add(rgb.get(new NDIndex(":, 2:3")).mul(0.114f));
        NDArray centre = luma.get(new NDIndex(":, :, 1:-1, 1:-1"));
        return centre.mul(4f)
                .sub(luma.get(new NDIndex(":, :, 1:-1, :-2")))
                .sub(luma.get(new NDIndex(":, :, 1:-1, 2:")))
                .sub(luma.get(new NDIndex(":, :, :-2, 1:-1")))
                .sub(luma.get(new NDIndex(":, :, 2:, 1:-1")));
    }

    /** 1 where a pixel's whole 3 × 3 neighbourhood is foreground (B, 1, H − 2, W − 2), no gradient. */
    static NDArray interior(NDArray mask) {
        // all but fully inside: a rendered mask is anti-aliased, and a pixel next to a 0.75 one sees the edge
        NDArray hard = mask.gt(0.99f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        NDArray pooled = Pool.avgPool2d(hard, new Shape(3, 3), new Shape(1, 1), new Shape(0, 0), false, true);
        return pooled.gt(0.999f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).stopGradient();
    }

    /** Mean over cells of {@link #CELL} pixels (the border that does not fill a cell is left out). */
    private static NDArray cellMean(NDArray x) {
        return Pool.avgPool2d(x, new Shape(CELL, CELL), new Shape(CELL, CELL), new Shape(0, 0), false, true);
    }
}
