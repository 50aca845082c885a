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
import io.reenact.model.layers.ResidualBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * The identity encoder: the larger of the two encoders (the paper uses ResNeXt-50; here a
 * residual network of configurable widths). Each of the K frames is embedded, then the
 * embeddings are averaged, so the result does not depend on the order or number of frames.
 *
 * <p>Input: frames (B, K, 3, S, S) in [0, 1]. Output: identity (B, identityDim).
 */
public final class IdentityEncoder extends AbstractBlock {

    private final int outDim;
    private final Conv stem;
    private final List<ResidualBlock> stages = new ArrayList<>();
    private final Dense head;

    public IdentityEncoder(ModelConfig config) {
        int[] widths = config.identityWidths();
        outDim = config.identityDim();
        stem = addChildBlock("stem", new Conv(3, widths[0], 3, 2, false));
        for (int i = 1; i < widths.length; i++) {
            stages.add(addChildBlock("down" + i, new ResidualBlock(widths[i - 1], widths[i], true, true, false)));
        }
        head = addChildBlock("head", new Dense(widths[widths.length - 1], outDim, false, 1f));
    }

    /** Embeds each frame separately: (N, 3, S, S) → (N, identityDim). */
    public NDArray embedFrames(ParameterStore ps, NDArray frames, boolean training) {
        NDArray x = Ops.run(stem, ps, Ops.centre(frames), training);
        for (ResidualBlock s : stages) {
            x = Ops.run(s, ps, x, training);
        }
        return Ops.run(head, ps, Ops.spatialMean(Activation.relu(x)), training);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray frames = inputs.singletonOrThrow();
        Shape s = frames.getShape();
        long b = s.get(0);
        long k = s.get(1);
        NDArray perFrame = embedFrames(ps, frames.reshape(b * k, s.get(2), s.get(3), s.get(4)), training);
        return new NDList(perFrame.reshape(b, k, outDim).mean(new int[] {1}));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outDim)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        Shape x = new Shape(s.get(0) * s.get(1), s.get(2), s.get(3), s.get(4));
        stem.initialize(manager, dataType, x);
        x = stem.getOutputShapes(new Shape[] {x})[0];
        for (ResidualBlock st : stages) {
            st.initialize(manager, dataType, x);
            x = st.getOutputShapes(new Shape[] {x})[0];
        }
        head.initialize(manager, dataType, new Shape(x.get(0), x.get(1)));
    }
}
