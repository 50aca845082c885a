package io.reenact.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/**
 * The project's substitute for the paper's perceptual losses (VGG19 and VGGFace features), which need
 * pretrained networks that cannot be obtained here: an L1 loss over an image pyramid (full, ½, ¼ size,
 * e.g. 128/64/32) plus (1 − SSIM) at full size. The pyramid gives coarse structure a gradient from
 * the first step; SSIM rewards local contrast and structure, as feature losses do, where plain L1
 * would settle for blur.
 * <p>
 * Inputs are (B, 3, H, W) images in [0, 1], already multiplied by their masks (the generator's own
 * mask for the output, the ground-truth mask for the target), as in the paper.
 */
public final class ReconstructionLoss {

    private static final float C1 = 0.01f * 0.01f;
    private static final float C2 = 0.03f * 0.03f;
    private static final int SSIM_WINDOW = 7;

    private final int levels;
    private final float ssimWeight;

    /**
     * @param levels     pyramid levels for the L1 term (3: full, ½, ¼)
     * @param ssimWeight weight of (1 − SSIM) relative to the summed L1 terms
     */
    public ReconstructionLoss(int levels, float ssimWeight) {
        if (levels < 1) {
            throw new IllegalArgumentException("levels must be >= 1");
        }
        this.levels = levels;
        this.ssimWeight = ssimWeight;
    }

    public ReconstructionLoss() {
        this(3, 1f);
    }

    public NDArray compute(NDArray generated, NDArray target) {
        NDArray loss = generated.sub(target).abs().mean();
        NDArray g = generated;
        NDArray t = target;
        for (int level = 1; level < levels && g.getShape().get(2) >= 8; level++) {
            g = downsample(g);
            t = downsample(t);
            loss = loss.add(g.sub(t).abs().mean());
        }
        if (ssimWeight != 0f) {
            loss = loss.add(ssim(generated, target).neg().add(1f).mul(ssimWeight));
        }
        return loss;
    }

    /** Mean L1 over the pyramid alone (for logging and tests). */
    public NDArray multiScaleL1(NDArray generated, NDArray target) {
        return new ReconstructionLoss(levels, 0f).compute(generated, target);
    }

    static NDArray downsample(NDArray x) {
        return Pool.avgPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
    }

    /**
     * Mean SSIM with a uniform 7×7 window (the scikit-image default) over valid positions, for
     * images in [0, 1].
     */
    public static NDArray ssim(NDArray x, NDArray y) {
        NDArray muX = window(x);
        NDArray muY = window(y);
        NDArray sxx = window(x.mul(x)).sub(muX.mul(muX));
        NDArray syy = window(y.mul(y)).sub(muY.mul(muY));
        NDArray sxy = window(x.mul(y)).sub(muX.mul(muY));
        NDArray num = muX.mul(muY).mul(2f).add(C1).mul(sxy.mul(2f).add(C2));
        NDArray den = muX.mul(muX).add(muY.mul(muY)).add(C1).mul(sxx.add(syy).add(C2));
        return num.div(den).mean();
    }

    private static NDArray window(NDArray x) {
        return Pool.avgPool2d(x, new Shape(SSIM_WINDOW, SSIM_WINDOW), new Shape(1, 1), new Shape(0, 0), false, true);
    }
}
