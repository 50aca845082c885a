package io.reenact.model.loss;

import ai.djl.ndarray.NDArray;

/**
 * Trains the generator's mask channel as the reference code does: −log of the soft dice coefficient
 * between predicted and ground-truth masks, (2·Σpt + 1) / (Σp + Σt + 1) per sample, averaged over the
 * batch. Identical masks give 0; disjoint ones a large value that still has a gradient.
 */
public final class DiceLoss {

    private static final float SMOOTH = 1f;

    /** @param predicted (B, 1, H, W) in [0, 1]; @param target same shape in [0, 1] */
    public NDArray compute(NDArray predicted, NDArray target) {
        long b = predicted.getShape().get(0);
        NDArray p = predicted.reshape(b, -1);
        NDArray t = target.reshape(b, -1);
        NDArray intersection = p.mul(t).sum(new int[] {1});
        NDArray total = p.sum(new int[] {1}).add(t.sum(new int[] {1}));
        NDArray dice = intersection.mul(2f).add(SMOOTH).div(total.add(SMOOTH));
        return dice.log().neg().mean();
    }
}
