package io.reenact.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/** Small tensor helpers shared by the networks. */
public final class Ops {

    /** DJL's PyTorch engine's interpolation modes (1 would be bilinear, 3 bicubic). */
    private static final int NEAREST = 0;
    private static final int AREA = 2;

    private Ops() {
    }

    public static NDArray run(Block block, ParameterStore ps, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    /** {@code x} repeated {@code times} along {@code axis}, copied; a count of one is {@code x} itself. */
    public static NDArray repeated(NDArray x, int axis, long times) {
        return times == 1 ? x : x.repeat(axis, times);
    }

    /** Nearest-neighbour 2× upsampling of (B, C, H, W). */
    public static NDArray upsample2x(NDArray x) {
        Shape s = x.getShape();
        return x.getNDArrayInternal().interpolation(new long[] {s.get(2) * 2, s.get(3) * 2}, NEAREST, false);
    }

    /**
     * (N, C, h, w) → (N, C, size, size) by area: each block averaged down; up, each value repeated
     * (nearest) for a whole factor, area otherwise. Every weights file was trained with this, not
     * with bilinear upsampling: the mode once asked for here, 2, is area in DJL 0.36's PyTorch engine.
     */
    public static NDArray resize(NDArray x, int size) {
        long h = x.getShape().get(2);
        if (h == size) {
            return x;
        }
        if (h > size) {
            return downsample(x, size);
        }
        int mode = size % h == 0 ? NEAREST : AREA;
        return x.getNDArrayInternal().interpolation(new long[] {size, size}, mode, false);
    }

    private static NDArray downsample(NDArray x, int size) {
        long h = x.getShape().get(2);
        if (h == size) {
            return x;
        }
        long k = h / size;
        return x.getNDArrayInternal().avgPool(new Shape(k, k), new Shape(k, k), new Shape(0, 0), false, true);
    }

    /** 2×2 average pooling, stride 2. */
    public static NDArray avgPool2(NDArray x) {
        return x.getNDArrayInternal().avgPool(new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
    }

    /** Mean over the spatial axes: (B, C, H, W) → (B, C). PyTorch's mean takes one axis at a time. */
    public static NDArray spatialMean(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).mean(new int[] {2});
    }

    /** Sum over the spatial axes: (B, C, H, W) → (B, C). */
    public static NDArray spatialSum(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).sum(new int[] {2});
    }

    /**
     * f(x)'s value, with a gradient that reaches x alone and none of f's weights: f(x) − f(x held
     * fixed) gives each weight equal and opposite gradients, since both are taken at the same point.
     * For a loss that should move what a block is given, not the block.
     *
     * @param fx     f(x)
     * @param atHeld f(x.stopGradient()), the same block on the same value
     */
    public static NDArray gradientToInputOnly(NDArray fx, NDArray atHeld) {
        return fx.sub(atHeld).add(fx.stopGradient());
    }

    /** Images in [0, 1] → [-1, 1], the range the encoders and discriminator see. */
    public static NDArray centre(NDArray images) {
        return images.mul(2f).sub(1f);
    }

    /**
     * The value of a parameter, attached to {@code like}'s manager. Ops take the manager of their
     * first input, so an op that starts from a parameter would otherwise leave its result in the
     * model's long-lived manager: a leak per call.
     */
    public static NDArray paramValue(ParameterStore ps, Parameter p, NDArray like, boolean training) {
        NDArray v = ps.getValue(p, like.getDevice(), training).expandDims(0);
        v.attach(like.getManager());
        return v;
    }

    /** The rows of a (N, D) array, copied out of the engine. */
    public static java.util.List<float[]> rows(NDArray a) {
        int n = (int) a.getShape().get(0);
        float[] flat = a.toFloatArray();
        int d = flat.length / n;
        java.util.List<float[]> out = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d));
        }
        return out;
    }
}
