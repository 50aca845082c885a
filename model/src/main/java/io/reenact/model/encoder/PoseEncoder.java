package io.reenact.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.reenact.model.ModelConfig;
import io.reenact.model.layers.Conv;
import io.reenact.model.layers.Dense;
import io.reenact.model.layers.Ops;
import java.util.ArrayList;
import java.util.List;

/**
 * The pose encoder: deliberately small (a few stride-2 convs, global pooling, one linear layer).
 * Low capacity is one of the paper's three ingredients of disentanglement: a small network can
 * carry the head pose but has little room left to carry the driver's identity.
 *
 * <p>Input: frames (B, 3, S, S) in [0, 1]. Output: pose (B, poseDim).
 */
public final class PoseEncoder extends AbstractBlock {

    private final int outDim;
    private final List<Conv> convs = new ArrayList<>();
    private final Dense head;

    public PoseEncoder(ModelConfig config) {
        outDim = config.poseDim();
        int in = 3;
        int i = 0;
        for (int w : config.poseWidths()) {
            convs.add(addChildBlock("conv" + i++, new Conv(in, w, 3, 2, false)));
            in = w;
        }
        head = addChildBlock("head", new Dense(in, outDim, false, 1f));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = Ops.centre(inputs.singletonOrThrow());
        for (Conv c : convs) {
            x = Activation.relu(Ops.run(c, ps, x, training));
        }
        return new NDList(Ops.run(head, ps, Ops.spatialMean(x), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outDim)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        for (Conv c : convs) {
            c.initialize(manager, dataType, x);
            x = c.getOutputShapes(new Shape[] {x})[0];
        }
        head.initialize(manager, dataType, new Shape(x.get(0), x.get(1)));
    }
}
