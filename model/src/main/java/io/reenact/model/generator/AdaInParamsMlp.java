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
import io.reenact.model.layers.Dense;
import io.reenact.model.layers.Ops;

/**
 * The MLP of the paper: identity ⊕ pose → hidden → every AdaIN scale and bias of the generator.
 * It is the only place where identity and pose meet. Spectral norm is applied when the config
 * asks for it (the paper does; it costs two small matrix-vector products per call).
 *
 * <p>Inputs: identity (B, identityDim), pose (B, poseDim). Output: (B, generator.adaInParamCount()),
 * with 1 added to the scale positions so an untrained network starts near the identity transform.
 */
public final class AdaInParamsMlp extends AbstractBlock {

    private final int identityDim;
    private final int poseDim;
    private final int outputs;
    private final Dense hidden;
    private final Dense out;
    private final float[] gammaOffset;
    private final float poseGain;

    public AdaInParamsMlp(int identityDim, int poseDim, int hiddenUnits, boolean[] gammaPositions,
            boolean spectralNorm, float poseGain) {
        this.identityDim = identityDim;
        this.poseDim = poseDim;
        this.outputs = gammaPositions.length;
        this.poseGain = poseGain;
        hidden = addChildBlock("hidden", new Dense(identityDim + poseDim, hiddenUnits, spectralNorm));
        // a small initial output keeps the first AdaIN layers close to plain instance norm
        out = addChildBlock("out", new Dense(hiddenUnits, outputs, spectralNorm, 0.1f));
        gammaOffset = new float[outputs];
        for (int i = 0; i < outputs; i++) {
            gammaOffset[i] = gammaPositions[i] ? 1f : 0f;
        }
    }

    public int outputs() {
        return outputs;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray identity = inputs.get(0);
        NDArray pose = poseGain == 1f ? inputs.get(1) : inputs.get(1).mul(poseGain);
        NDArray h = Activation.relu(Ops.run(hidden, ps, identity.concat(pose, 1), training));
        NDArray raw = Ops.run(out, ps, h, training);
        NDArray offset = raw.getManager().create(gammaOffset);
        return new NDList(raw.add(offset));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputs)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        hidden.initialize(manager, dataType, new Shape(b, identityDim + poseDim));
        out.initialize(manager, dataType, new Shape(b, hidden.outFeatures()));
    }
}
