package io.reenact.model.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Adaptive instance normalisation: each sample's channel is normalised to zero mean and unit
 * variance over its spatial positions, then scaled and shifted by that sample's own gamma and
 * beta. Gamma and beta come in as inputs (from {@link AdaInParamsMlp}), so the block has no
 * parameters: this is the only way identity and pose reach the generator.
 *
 * <p>Inputs: x (B, C, H, W), gamma (B, C), beta (B, C). Output: (B, C, H, W).
 */
public final class AdaIn extends AbstractBlock {

    public static final float EPS = 1e-5f;

    private final int channels;

    public AdaIn(int channels) {
        this.channels = channels;
    }

    public int channels() {
        return channels;
    }

    /** The normalisation as a function, for callers that hold gamma and beta already. */
    public static NDArray apply(NDArray x, NDArray gamma, NDArray beta) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        // PyTorch's mean reduces over one axis only: flatten the spatial axes first.
        NDArray flat = x.reshape(b, c, s.get(2) * s.get(3));
        NDArray mean = flat.mean(new int[] {2}, true);
        NDArray centred = flat.sub(mean);
        NDArray variance = centred.square().mean(new int[] {2}, true);
        NDArray normalised = centred.div(variance.add(EPS).sqrt());
        return normalised.mul(gamma.reshape(b, c, 1)).add(beta.reshape(b, c, 1)).reshape(s);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(inputs.get(0), inputs.get(1), inputs.get(2)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
