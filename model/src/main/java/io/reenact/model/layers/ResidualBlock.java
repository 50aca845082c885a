package io.reenact.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A pre-activation residual block that optionally halves the resolution, used by the identity
 * encoder and the discriminator: [ReLU] → conv3×3 (stride 2 when downsampling) → ReLU → conv3×3,
 * plus a skip of average pooling and a 1×1 conv when the width changes.
 */
public final class ResidualBlock extends AbstractBlock {

    private final int in;
    private final int out;
    private final boolean down;
    private final boolean preActivation;
    private final Conv conv1;
    private final Conv conv2;
    private final Conv skip;

    public ResidualBlock(int in, int out, boolean down, boolean preActivation, boolean spectralNorm) {
        this.in = in;
        this.out = out;
        this.down = down;
        this.preActivation = preActivation;
        conv1 = addChildBlock("conv1", new Conv(in, out, 3, down ? 2 : 1, spectralNorm));
        conv2 = addChildBlock("conv2", new Conv(out, out, 3, 1, spectralNorm));
        skip = in != out ? addChildBlock("skip", new Conv(in, out, 1, 1, spectralNorm)) : null;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray h = preActivation ? Activation.relu(x) : x;
        h = Ops.run(conv1, ps, h, training);
        h = Ops.run(conv2, ps, Activation.relu(h), training);
        NDArray s = down ? Ops.avgPool2(x) : x;
        if (skip != null) {
            s = Ops.run(skip, ps, s, training);
        }
        return new NDList(h.add(s));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        long h = down ? s.get(2) / 2 : s.get(2);
        long w = down ? s.get(3) / 2 : s.get(3);
        return new Shape[] {new Shape(s.get(0), out, h, w)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        conv1.initialize(manager, dataType, s);
        conv2.initialize(manager, dataType, conv1.getOutputShapes(new Shape[] {s}));
        if (skip != null) {
            skip.initialize(manager, dataType, s);
        }
    }

    @Override
    public String toString() {
        return "ResidualBlock(" + in + "->" + out + (down ? ", down" : "") + ")";
    }
}
