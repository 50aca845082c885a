package io.reenact.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A 3×3 {@link Conv} of a nearest-neighbour 2×-upsampled input, computed without upsampling: the
 * same result (to float rounding) for 4/9 of the multiply-accumulates. For inference only; training
 * keeps the plain upsample-then-convolve graph.
 *
 * <p>After nearest upsampling, each 2×2 cell of the output sees only a 2×2 neighbourhood of the
 * low-resolution input, with the 3×3 kernel's taps summed where two of them land on the same input
 * pixel. Output rows 2i see input rows (i-1, i) with row taps (w0, w1+w2); rows 2i+1 see (i, i+1)
 * with (w0+w1, w2); columns likewise. So one 2×2 conv with four times the output channels (one set
 * per output phase) runs on the input padded by one pixel, and each phase's map, offset by its
 * phase, fills every other output pixel.
 *
 * <p>The phase kernels are derived once from the conv's weights at construction, so build this
 * only on weights that will not change (loaded, frozen inference weights).
 */
public final class NearestUpsampleConv {

    private static final Shape UNIT = new Shape(1, 1);

    private final int outChannels;
    private final int inChannels;
    private final NDArray phaseWeights;
    private final NDArray phaseBias;
    private final Map<List<Long>, NDArray> interleavings = new ConcurrentHashMap<>();

    private NearestUpsampleConv(int inChannels, int outChannels, NDArray phaseWeights, NDArray phaseBias) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.phaseWeights = phaseWeights;
        this.phaseBias = phaseBias;
    }

    /**
     * Derives the phase kernels of a 3×3, stride-1 conv without spectral norm. They live as long as
     * the conv's weights (in the same manager).
     */
    public static NearestUpsampleConv of(Conv conv) {
        requireFoldable(conv);
        return of(conv.weightArray(), conv.biasArray());
    }

    /** Only a plain 3×3 stride-1 conv (no spectral norm) folds into phase kernels. */
    static void requireFoldable(Conv conv) {
        if (conv.kernel() != 3 || conv.stride() != 1 || conv.spectralNorm()) {
            throw new IllegalArgumentException("needs a plain 3×3 stride-1 conv, got " + conv);
        }
    }

    /**
     * The same for a 3×3 kernel given as weights (out, in, 3, 3) and bias (out): part of a conv's
     * input channels ({@link UpsampledConcatConv}). The phase kernels live in the weights' manager.
     */
    static NearestUpsampleConv of(NDArray w, NDArray b) {
        NDManager manager = w.getManager();
        NDList phases = new NDList();
        try (NDManager scratch = manager.newSubManager()) {
            NDArray ws = w.duplicate();
            ws.attach(scratch);
            for (int rowPhase = 0; rowPhase < 2; rowPhase++) {
                NDArray rows = twoTaps(ws, 2, rowPhase);
                for (int colPhase = 0; colPhase < 2; colPhase++) {
                    phases.add(twoTaps(rows, 3, colPhase));
                }
            }
            NDArray kernels = NDArrays.concat(phases, 0);
            NDArray bias = NDArrays.concat(new NDList(b, b, b, b), 0);
            kernels.attach(manager);
            bias.attach(manager);
            return new NearestUpsampleConv((int) w.getShape().get(1), (int) w.getShape().get(0), kernels, bias);
        }
    }

    /** The three taps along {@code axis} folded into the two that output phase {@code phase} sees. */
    private static NDArray twoTaps(NDArray w, int axis, int phase) {
        NDArray t0 = w.get(tap(axis, 0));
        NDArray t1 = w.get(tap(axis, 1));
        NDArray t2 = w.get(tap(axis, 2));
        return phase == 0 ? t0.concat(t1.add(t2), axis) : t0.add(t1).concat(t2, axis);
    }

    private static NDIndex tap(int axis, int i) {
        return axis == 2 ? new NDIndex(":, :, {}:{}, :", i, i + 1) : new NDIndex(":, :, :, {}:{}", i, i + 1);
    }

    /** conv(upsample2x(x)) for x (B, in, H, W): (B, out, 2H, 2W). */
    public NDArray apply(NDArray x) {
        Shape s = x.getShape();
        long batch = s.get(0);
        long h = s.get(2);
        long w = s.get(3);
        MacCounter.add(batch * 4L * outChannels * inChannels * 4 * (h + 1) * (w + 1));
        NDArray all = Conv2d.conv2d(x, phaseWeights, phaseBias, UNIT, UNIT, UNIT, 1).singletonOrThrow();
        // one gather, not a strided copy per phase: each copy took a dozen engine calls to set up
        NDArray at = interleaving(h, w);
        // a view of the cached index lives in the weights' manager: closed here, not left there per call
        try (NDArray each = at.broadcast(batch, at.getShape().get(1))) {
            return all.reshape(batch, -1).gather(each, 1).reshape(batch, outChannels, 2 * h, 2 * w);
        }
    }

    /**
     * (1, out × 2H × 2W): for each output pixel, where it is in one sample's phase maps
     * (4 × out, H + 1, W + 1) flattened. Pixel (2i + r, 2j + c) of channel o is phase (r, c)'s map at
     * (i + r, j + c). Made once per input size, in the weights' manager.
     */
    private NDArray interleaving(long h, long w) {
        return interleavings.computeIfAbsent(List.of(h, w), key -> {
            long mapW = w + 1;
            long plane = (h + 1) * mapW;
            long[] at = new long[Math.toIntExact(outChannels * 4 * h * w)];
            int n = 0;
            for (long o = 0; o < outChannels; o++) {
                for (long y = 0; y < 2 * h; y++) {
                    for (long x = 0; x < 2 * w; x++) {
                        long r = y % 2;
                        long c = x % 2;
                        at[n++] = ((r * 2 + c) * outChannels + o) * plane + (y / 2 + r) * mapW + x / 2 + c;
                    }
                }
            }
            return phaseWeights.getManager().create(at, new Shape(1, at.length));
        });
    }
}
