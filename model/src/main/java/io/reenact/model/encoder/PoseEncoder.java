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
 * The pose encoder: deliberately small (a few stride-2 convs, pooling to a coarse grid, one linear
 * layer). Low capacity is one of the paper's three ingredients of disentanglement: a small network
 * can carry the head pose but has little room left to carry the driver's identity.
 *
 * <p>The paper's MobileNetV2 sees the whole frame before it pools. These few convs see 31 pixels
 * each, so pooling them to one value per channel would leave the head only <em>which</em> parts are
 * in view, not <em>where</em>: translation, scale and much of yaw and roll would be invisible and
 * the generator could only draw the identity's mean pose. Pooling to a {@code poseLayoutCells}²
 * grid keeps that layout for a few thousand more weights.
 *
 * <p>Input: frames (B, 3, S, S) in [0, 1]. Output: pose (B, poseDim).
 */
public final class PoseEncoder extends AbstractBlock {

    private final int outDim;
    private final int cells;
    /** Values per channel the head sees: cells², or 1 for the global mean. */
    private final int valuesPerChannel;
    private final List<Conv> convs = new ArrayList<>();
    private final Dense head;

    public PoseEncoder(ModelConfig config) {
        outDim = config.poseDim();
        cells = config.poseLayoutCells();
        valuesPerChannel = Math.max(1, cells * cells);
        int in = 3;
        int i = 0;
        for (int w : config.poseWidths()) {
            convs.add(addChildBlock("conv" + i++, new Conv(in, w, 3, 2, false)));
            in = w;
        }
        head = addChildBlock("head", new Dense(in * valuesPerChannel, outDim, false, 1f));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = Ops.centre(inputs.singletonOrThrow());
        for (Conv c : convs) {
            x = Activation.relu(Ops.run(c, ps, x, training));
        }
        return new NDList(Ops.run(head, ps, pooled(x), training));
    }

    /** (B, C, h, w) → (B, C) for the global mean, or (B, C·cells²) for the grid. */
    private NDArray pooled(NDArray x) {
        if (cells == 0) {
            return Ops.spatialMean(x);
        }
        Shape s = x.getShape();
        long k = s.get(2) / cells;
        NDArray grid = k == 1 ? x
                : x.getNDArrayInternal().avgPool(new Shape(k, k), new Shape(k, k), new Shape(0, 0), false, true);
        return grid.reshape(s.get(0), s.get(1) * valuesPerChannel);
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
        head.initialize(manager, dataType, new Shape(x.get(0), x.get(1) * valuesPerChannel));
    }
}
