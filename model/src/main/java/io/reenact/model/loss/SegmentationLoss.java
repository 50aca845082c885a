package io.reenact.model.loss;

import ai.djl.ndarray.NDArray;

/**
 * Loss for the stand-alone segmenter: binary cross-entropy on logits (per pixel, numerically stable
 * form) plus the dice term, which keeps thin regions such as hair from being drowned by the
 * background's pixel count.
 */
public final class SegmentationLoss {

    private final DiceLoss dice = new DiceLoss();

    /** @param logits (B, 1, H, W) raw scores; @param target (B, 1, H, W) in [0, 1] */
    public NDArray compute(NDArray logits, NDArray target) {
        return binaryCrossEntropy(logits, target).add(dice.compute(sigmoid(logits), target));
    }

    /** max(z, 0) − z·t + log(1 + exp(−|z|)), the form that never overflows. */
    public static NDArray binaryCrossEntropy(NDArray logits, NDArray target) {
        NDArray positive = logits.maximum(0f);
        NDArray softplus = logits.abs().neg().exp().add(1f).log();
        return positive.sub(logits.mul(target)).add(softplus).mean();
    }

    /** The engine's sigmoid: 1/(1+exp(−x)) built from ops would give 0·∞ = NaN gradients for large |x|. */
    static NDArray sigmoid(NDArray x) {
        return ai.djl.nn.Activation.sigmoid(x);
    }
}
