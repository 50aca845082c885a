package io.reenact.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;

/** A fully connected layer (B, in) → (B, out) with optional spectral norm. */
public final class Dense extends AbstractBlock {

    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter snU;

    public Dense(int in, int out, boolean spectralNorm) {
        this(in, out, spectralNorm, 2f);
    }

    /** {@code gain} scales the initial weight variance (2 = He, for layers followed by ReLU). */
    public Dense(int in, int out, boolean spectralNorm, float gain) {
        this.in = in;
        this.out = out;
        weight = addParameter(Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(out, in))
                .optInitializer(new XavierInitializer(
                        XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, gain))
                .build());
        bias = addParameter(Parameter.builder()
                .setName("bias")
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(out))
                .build());
        snU = spectralNorm ? addParameter(SpectralNorm.vectorParameter(out)) : null;
    }

    public int outFeatures() {
        return out;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = ps.getValue(bias, x.getDevice(), training);
        MacCounter.add(x.getShape().get(0) * (long) in * out);
        if (snU != null) {
            // (x·Wᵀ)/σ + b: dividing the (B, out) result is far cheaper than dividing the weight
            NDArray sigma = SpectralNorm.sigma(w, ps.getValue(snU, x.getDevice(), training), training, x.getManager());
            return new NDList(Linear.linear(x, w).singletonOrThrow().div(sigma).add(b));
        }
        return Linear.linear(x, w, b);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), out)};
    }
}
