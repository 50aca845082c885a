package io.reenact.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;

/**
 * A square 2-D convolution with "same" padding, optional stride and optional spectral norm.
 * Our own rather than DJL's {@code Conv2d} block so that spectral norm and MAC counting sit in one
 * place and parameter names stay short and stable for the weights file.
 */
public final class Conv extends AbstractBlock {

    private static final int MIN_BACKWARD_SAFE_OUT = 16;

    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter snU;

    public Conv(int inChannels, int outChannels, int kernel, int stride, boolean spectralNorm) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        weight = addParameter(Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(outChannels, inChannels, kernel, kernel))
                // He initialisation: the layers are followed by ReLU and there is no batch norm.
                .optInitializer(new XavierInitializer(
                        XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2f))
                .build());
        bias = addParameter(Parameter.builder()
                .setName("bias")
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(outChannels))
                .build());
        snU = spectralNorm ? addParameter(SpectralNorm.vectorParameter(outChannels)) : null;
    }

    public static Conv of(int in, int out, int kernel) {
        return new Conv(in, out, kernel, 1, false);
    }

    public int outChannels() {
        return outChannels;
    }

    public int inChannels() {
        return inChannels;
    }

    public int kernel() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    boolean spectralNorm() {
        return snU != null;
    }

    NDArray weightArray() {
        return weight.getArray();
    }

    NDArray biasArray() {
        return bias.getArray();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = ps.getValue(bias, x.getDevice(), training);
        if (snU != null) {
            w = SpectralNorm.normalise(w, ps.getValue(snU, x.getDevice(), training), training, x.getManager());
        }
        Shape s = x.getShape();
        long outH = outSize(s.get(2));
        long outW = outSize(s.get(3));
        MacCounter.add(s.get(0) * outChannels * (long) inChannels * kernel * kernel * outH * outW);
        int pad = kernel / 2;
        Shape strides = new Shape(stride, stride);
        Shape padding = new Shape(pad, pad);
        if (outChannels < MIN_BACKWARD_SAFE_OUT && (training || gradientRecording())) {
            // libtorch 2.7.1 on CPU returns a wrong input gradient (garbage, sometimes NaN) for
            // convolutions with fewer than 16 output channels; zero filters up to 16 give the exact
            // gradient (checked against finite differences). Inference keeps the cheap path.
            NDArray wPad = w.concat(x.getManager().zeros(
                    new Shape(MIN_BACKWARD_SAFE_OUT - outChannels, inChannels, kernel, kernel)), 0);
            NDArray bPad = b.concat(x.getManager().zeros(new Shape(MIN_BACKWARD_SAFE_OUT - outChannels)), 0);
            wPad.attach(x.getManager());
            bPad.attach(x.getManager());
            NDArray y = Conv2d.conv2d(x, wPad, bPad, strides, padding, new Shape(1, 1), 1).singletonOrThrow();
            return new NDList(y.get(new NDIndex(":, 0:{}", outChannels)));
        }
        return Conv2d.conv2d(x, w, b, strides, padding, new Shape(1, 1), 1);
    }

    /** Whether autograd records now (a GradientCollector is open); engine-specific, PyTorch here. */
    private static boolean gradientRecording() {
        try {
            return ai.djl.pytorch.jni.JniUtils.isGradMode();
        } catch (LinkageError e) {
            return true; // unknown engine: take the safe path
        }
    }

    private long outSize(long in) {
        int pad = kernel / 2;
        return (in + 2L * pad - kernel) / stride + 1;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), outChannels, outSize(s.get(2)), outSize(s.get(3)))};
    }

    @Override
    public String toString() {
        return "Conv(" + inChannels + "->" + outChannels + ", k" + kernel + ", s" + stride + (snU != null ? ", sn" : "") + ")";
    }
}
