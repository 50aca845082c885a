package io.reenact.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * A 3×3 {@link Conv} of coarse features upsampled 2× (nearest) and concatenated with full-resolution
 * inputs, the step with which the warping renderer's flow decoder and refiner climb a scale, computed
 * without upsampling or concatenating: a convolution is linear in its input channels, so it is the
 * {@link NearestUpsampleConv} of the coarse channels plus a plain convolution of the others. The
 * same result to float rounding. For inference on frozen weights only: the kernels are split once,
 * here.
 *
 * <p>Why it matters: the refiner's last such step (32 coarse + 8 full-resolution channels at 128²)
 * was the largest single cost of rendering a frame on one core (see {@code reenact bench}).
 */
public final class UpsampledConcatConv {

    private static final Shape UNIT = new Shape(1, 1);

    private final int coarseChannels;
    private final NearestUpsampleConv coarse;
    private final NDArray fineWeight;
    private final NDArray fineBias;

    private UpsampledConcatConv(int coarseChannels, NearestUpsampleConv coarse, NDArray fineWeight, NDArray fineBias) {
        this.coarseChannels = coarseChannels;
        this.coarse = coarse;
        this.fineWeight = fineWeight;
        this.fineBias = fineBias;
    }

    /**
     * Splits a plain 3×3 stride-1 conv whose first {@code coarseChannels} input channels are the
     * upsampled ones. The split kernels live as long as the conv's weights (in the same manager).
     */
    public static UpsampledConcatConv of(Conv conv, int coarseChannels) {
        NearestUpsampleConv.requireFoldable(conv);
        if (coarseChannels <= 0 || coarseChannels >= conv.inChannels()) {
            throw new IllegalArgumentException(conv + " cannot take " + coarseChannels + " coarse input channels");
        }
        NDArray w = conv.weightArray();
        NDManager manager = w.getManager();
        NDArray coarseWeight = contiguous(w.get(new NDIndex(":, 0:{}", coarseChannels)), manager);
        NDArray fineWeight = contiguous(w.get(new NDIndex(":, {}:", coarseChannels)), manager);
        NDArray fineBias = manager.zeros(new Shape(conv.outChannels()));
        return new UpsampledConcatConv(coarseChannels,
                NearestUpsampleConv.of(coarseWeight, conv.biasArray()), fineWeight, fineBias);
    }

    /** A channel slice of a kernel as a dense array of its own, made once when the kernel is split. */
    private static NDArray contiguous(NDArray slice, NDManager manager) {
        try (slice) {
            return manager.create(slice.toFloatArray(), slice.getShape());
        }
    }

    /** conv(concat(upsample2x(coarse), fine)) for coarse (B, c, H, W) and fine (B, in − c, 2H, 2W). */
    public NDArray apply(NDArray coarseInput, NDArray fine) {
        if (coarseInput.getShape().get(1) != coarseChannels) {
            throw new IllegalArgumentException("expected " + coarseChannels + " coarse channels, got "
                    + coarseInput.getShape());
        }
        Shape s = fine.getShape();
        MacCounter.add(s.get(0) * fineWeight.getShape().get(0) * s.get(1) * 9 * s.get(2) * s.get(3));
        NDArray fineOut = Conv2d.conv2d(fine, fineWeight, fineBias, UNIT, UNIT, UNIT, 1).singletonOrThrow();
        return coarse.apply(coarseInput).addi(fineOut);
    }
}
