package io.reenact.model.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.reenact.model.layers.Conv;
import io.reenact.model.layers.Dense;
import io.reenact.model.layers.Ops;
import io.reenact.model.layers.UpsampledConcatConv;

/**
 * Draws what warping cannot: the inside of an opening mouth, closing lids, skin a turn uncovers,
 * and the shading a turned head receives. It works at half resolution, told the driver's motion
 * through a per-channel bias, and returns at full resolution a fill colour, a small correction of
 * the warped colour, and a mask logit.
 *
 * <p>Inputs: warped image + warped mask + occlusion + pixel position + a constant (B, 8, S, S; a
 * multiple of 8 channels, see {@link FlowDecoder#SIDE_INPUTS}), motion code (B, D).
 * Output: (B, 7, S, S): fill logits (3), correction logits (3), mask logit (1).
 */
final class Refiner extends AbstractBlock {

    static final int IN = 8;
    private static final int OUT_HIDDEN = 16;

    private final int width;
    private final Conv down;
    private final Dense condition;
    private final Conv mid1;
    private final Conv mid2;
    private final Conv up;
    private final Conv out;
    private UpsampledConcatConv foldedUp;

    Refiner(int codeDim, int width) {
        this.width = width;
        down = addChildBlock("down", new Conv(IN, width, 3, 2, false));
        condition = addChildBlock("condition", new Dense(codeDim, width, false, 1f));
        mid1 = addChildBlock("mid1", Conv.of(width, width, 3));
        mid2 = addChildBlock("mid2", Conv.of(width, width, 3));
        up = addChildBlock("up", Conv.of(width + IN, OUT_HIDDEN, 3));
        out = addChildBlock("out", Conv.of(OUT_HIDDEN, 7, 3));
    }

    /**
     * From now on, inference computes {@code up} without upsampling ({@link UpsampledConcatConv}).
     * Call only once the weights are final.
     */
    void precomputeUpsampling() {
        if (foldedUp == null) {
            foldedUp = UpsampledConcatConv.of(up, width);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray code = inputs.get(1);
        long b = x.getShape().get(0);
        NDArray h = Ops.run(down, ps, x, training);
        h = Activation.relu(h.add(Ops.run(condition, ps, code, training).reshape(b, width, 1, 1)));
        h = Activation.relu(Ops.run(mid1, ps, h, training));
        h = Activation.relu(Ops.run(mid2, ps, h, training)).add(h);
        h = Activation.relu(foldedUp != null && !training ? foldedUp.apply(h, x)
                : Ops.run(up, ps, Ops.upsample2x(h).concat(x, 1), training));
        return new NDList(Ops.run(out, ps, h, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), 7, s.get(2), s.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        long b = x.get(0);
        long half = x.get(2) / 2;
        down.initialize(manager, dataType, x);
        condition.initialize(manager, dataType, inputShapes[1]);
        mid1.initialize(manager, dataType, new Shape(b, width, half, half));
        mid2.initialize(manager, dataType, new Shape(b, width, half, half));
        up.initialize(manager, dataType, new Shape(b, width + IN, x.get(2), x.get(3)));
        out.initialize(manager, dataType, new Shape(b, OUT_HIDDEN, x.get(2), x.get(3)));
    }
}
