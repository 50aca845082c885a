package io.reenact.model.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import io.reenact.model.layers.Conv;
import io.reenact.model.layers.NearestUpsampleConv;
import io.reenact.model.layers.Ops;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The generator's residual block: AdaIN → ReLU → [nearest 2× upsampling] → conv3×3 → AdaIN →
 * ReLU → conv3×3, plus a skip (a 1×1 conv when the width changes, [upsampling]).
 *
 * <p>Inputs: x (B, in, H, W) and this block's AdaIN parameters (B, {@link #adaInParamCount()}),
 * laid out as gamma1 (in), beta1 (in), gamma2 (out), beta2 (out).
 */
public final class AdaInResBlock extends AbstractBlock {

    private final int in;
    private final int out;
    private final boolean up;
    private final Conv conv1;
    private final Conv conv2;
    private final Conv skip;
    private NearestUpsampleConv upConv;

    public AdaInResBlock(int in, int out, boolean up) {
        this.in = in;
        this.out = out;
        this.up = up;
        conv1 = addChildBlock("conv1", Conv.of(in, out, 3));
        conv2 = addChildBlock("conv2", Conv.of(out, out, 3));
        skip = in != out ? addChildBlock("skip", Conv.of(in, out, 1)) : null;
    }

    public int adaInParamCount() {
        return 2 * (in + out);
    }

    /** Channel counts of the two AdaIN layers, in parameter order. */
    int[] adaInWidths() {
        return new int[] {in, out};
    }

    boolean upsamples() {
        return up;
    }

    /**
     * From now on, inference computes the upsampling conv as a {@link NearestUpsampleConv}. Call
     * only once the weights are final (they are read now, not per frame).
     */
    void precomputeUpsampling() {
        if (up && upConv == null) {
            upConv = NearestUpsampleConv.of(conv1);
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray p = inputs.get(1);
        NDArray g1 = p.get(new NDIndex(":, 0:{}", in));
        NDArray b1 = p.get(new NDIndex(":, {}:{}", in, 2 * in));
        NDArray g2 = p.get(new NDIndex(":, {}:{}", 2 * in, 2 * in + out));
        NDArray b2 = p.get(new NDIndex(":, {}:", 2 * in + out));

        NDArray h = Activation.relu(AdaIn.apply(x, g1, b1));
        if (upConv != null && !training) {
            h = upConv.apply(h);
        } else {
            h = Ops.run(conv1, ps, up ? Ops.upsample2x(h) : h, training);
        }
        h = Activation.relu(AdaIn.apply(h, g2, b2));
        h = Ops.run(conv2, ps, h, training);

        // a 1×1 conv commutes with nearest upsampling: convolve at the low resolution (4× cheaper)
        NDArray s = skip != null ? Ops.run(skip, ps, x, training) : x;
        if (up) {
            s = Ops.upsample2x(s);
        }
        return new NDList(h.add(s));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        int f = up ? 2 : 1;
        return new Shape[] {new Shape(s.get(0), out, s.get(2) * f, s.get(3) * f)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        int f = up ? 2 : 1;
        Shape upShape = new Shape(s.get(0), in, s.get(2) * f, s.get(3) * f);
        conv1.initialize(manager, dataType, upShape);
        conv2.initialize(manager, dataType, conv1.getOutputShapes(new Shape[] {upShape}));
        if (skip != null) {
            skip.initialize(manager, dataType, s);
        }
    }

    @Override
    public String toString() {
        return "AdaInResBlock(" + in + "->" + out + (up ? ", up" : "") + ")";
    }
}
