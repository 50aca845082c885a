package io.reenact.model.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.reenact.model.layers.BilinearWarp;
import io.reenact.model.layers.Conv;
import io.reenact.model.layers.Dense;
import io.reenact.model.layers.Ops;
import io.reenact.model.layers.UpsampledConcatConv;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * From a motion code (what changes between a source frame and the driver) and the source frame
 * itself, the backward flow that carries the source into the driver's pose, coarse to fine, plus an
 * occlusion and a confidence logit per pixel.
 *
 * <p>The code first sets a global affine motion (scale, rotation, shift: most of a head's motion),
 * then each scale from 16 px up adds a residual flow. Each scale sees the source (with its mask)
 * already warped by the flow so far, so it corrects what it can see is misplaced, as coarse-to-fine
 * optical flow does; no keypoint is involved anywhere.
 *
 * <p>Inputs: code (N, D), source (N, 4, S, S) = RGB + mask. Outputs: grid (N, 2, S, S), normalised
 * source coordinates per output pixel (see {@link BilinearWarp}); occlusion and confidence logits
 * (N, 1, S, S) each.
 */
final class FlowDecoder extends AbstractBlock {

    /** Scale of the affine and residual heads' raw outputs: a fresh decoder starts near the identity flow. */
    private static final float STEP = 0.1f;
    /** Largest displacement, normalised (2 = the image's width). */
    private static final float MAX_DISPLACEMENT = 2f;
    /** Logits one unit of a hole's amount takes off the trust where it shows (the trust starts at +3). */
    private static final float HOLE_DEPTH = 4f;

    /**
     * What each scale sees besides the features: the warped source (RGB + mask), the displacement so
     * far, and where it is (the identity grid): 8 channels. Keeping every conv's input a multiple of 8
     * matters beyond tidiness: libtorch 2.7.1's CPU convolution, recording gradients, returned NaN
     * about once in 3,000 calls for a 70-channel input (never for 72 or 80 in the same test). The
     * position channels are copied per sample, not broadcast: a concatenation with a broadcast
     * (stride-0) tensor fed the convolutions inputs on which they returned NaN and then corrupted
     * the heap.
     */
    static final int SIDE_INPUTS = 8;

    /** Side of the first scale. The code's map starts at half of it: libtorch's CPU convolutions at
     * 8×8 with these widths gave NaN gradients within the first hundred steps, at 16×16 none. */
    static final int BASE = 16;

    // parsed once: a served frame slices these every time, and NDIndex parses its string each time it is made
    private static final NDIndex CHANNELS_0_1 = new NDIndex(":, 0:1");
    private static final NDIndex CHANNELS_1_2 = new NDIndex(":, 1:2");
    private static final NDIndex CHANNELS_2_3 = new NDIndex(":, 2:3");
    private static final NDIndex CHANNELS_3_4 = new NDIndex(":, 3:4");
    private static final NDIndex CHANNELS_0_2 = new NDIndex(":, 0:2");
    static final String HOLE_AMOUNT = "holeAmount";
    private static final Map<Integer, float[]> HOMOGENEOUS = new ConcurrentHashMap<>();
    static final String HOLE_PLACE = "holePlace";

    private final int[] widths;
    private final int base;
    private final Dense start;
    private final Dense affine;
    private final List<Conv> inConvs = new ArrayList<>();
    private final List<Conv> midConvs = new ArrayList<>();
    private final List<Conv> heads = new ArrayList<>();
    private final List<UpsampledConcatConv> foldedIn = new ArrayList<>();

    private final int holes;
    private final Dense holeAmount;
    private final Conv holePlace;

    /**
     * {@code holes}: kinds of expression change whose holes in a source's warp the trust learns as
     * amount × place ({@link #holeLogits}); 0 for none.
     */
    FlowDecoder(int codeDim, int[] widths, int holes) {
        this.widths = widths.clone();
        base = BASE;
        start = addChildBlock("start", new Dense(codeDim, widths[0] * (BASE / 2) * (BASE / 2), false));
        affine = addChildBlock("affine", new Dense(codeDim, 6, false, 0.1f));
        for (int l = 0; l < widths.length; l++) {
            int in = (l == 0 ? widths[0] : widths[l - 1]) + SIDE_INPUTS;
            inConvs.add(addChildBlock("in" + l, Conv.of(in, widths[l], 3)));
            midConvs.add(addChildBlock("mid" + l, Conv.of(widths[l], widths[l], 3)));
            boolean last = l == widths.length - 1;
            heads.add(addChildBlock("head" + l, new Conv(widths[l], last ? 4 : 2, 3, 1, false)));
        }
        // added after the others so that weights trained without them keep their names and warm-start
        this.holes = holes;
        holeAmount = holes > 0 ? addChildBlock(HOLE_AMOUNT, new Dense(codeDim, holes, false, 1f)) : null;
        holePlace = holes > 0 ? addChildBlock(HOLE_PLACE, Conv.of(widths[widths.length - 1], holes, 3)) : null;
    }

    /**
     * From now on, inference computes each scale's first conv without upsampling the features
     * ({@link UpsampledConcatConv}). Call only once the weights are final.
     */
    void precomputeUpsampling() {
        if (foldedIn.isEmpty()) {
            for (int l = 0; l < widths.length; l++) {
                foldedIn.add(UpsampledConcatConv.of(inConvs.get(l), l == 0 ? widths[0] : widths[l - 1]));
            }
        }
    }

    /** Side of the finest flow the decoder predicts (it is upsampled to the image). */
    int finestSize() {
        return base << widths.length - 1;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray code = inputs.get(0);
        NDArray source = inputs.get(1);
        long n = code.getShape().get(0);
        int s = (int) source.getShape().get(2);
        NDManager m = code.getManager();

        boolean folded = !foldedIn.isEmpty() && !training;
        // the features before their 2× upsampling, which each scale's first conv applies
        NDArray f = Activation.relu(Ops.run(start, ps, code, training)).reshape(n, widths[0], base / 2, base / 2);
        // displacement from the identity grid: (A − I)·[x, y, 1], the code giving A − I's two rows
        NDArray a = Ops.run(affine, ps, code, training).mul(STEP).reshape(n, 2, 3);
        NDArray disp = bounded(a.matMul(homogeneous(m, base)).reshape(n, 2, base, base));
        NDArray extra = null;
        int size = base;
        for (int l = 0; l < widths.length; l++) {
            if (l > 0) {
                size *= 2;
                disp = Ops.resize(disp, size);
            }
            NDArray here = identity(m, size);
            NDArray grid = disp.add(here);
            NDArray seen = training ? BilinearWarp.sample(Ops.resize(source, size), grid)
                    : BilinearWarp.sampleForInference(Ops.resize(source, size), grid);
            NDArray side = seen.concat(disp, 1).concat(Ops.repeated(here, 0, n), 1);
            NDArray h = Activation.relu(folded ? foldedIn.get(l).apply(f, side)
                    : Ops.run(inConvs.get(l), ps, Ops.upsample2x(f).concat(side, 1), training));
            h = Activation.relu(Ops.run(midConvs.get(l), ps, h, training));
            NDArray out = Ops.run(heads.get(l), ps, h, training);
            disp = bounded(disp.add(out.get(CHANNELS_0_2).mul(STEP)));
            if (l == widths.length - 1) {
                NDArray trust = out.get(CHANNELS_2_3);
                if (holes > 0) {
                    trust = trust.sub(holeLogits(ps, code, h, training));
                }
                extra = trust.concat(out.get(CHANNELS_3_4), 1);
            }
            f = h;
        }
        NDArray grid = Ops.resize(disp, s).add(identity(m, s));
        NDArray logits = Ops.resize(extra, s);
        return new NDList(grid, logits.get(CHANNELS_0_1), logits.get(CHANNELS_1_2));
    }

    /**
     * How much lower the trust is, per pixel, because the driver's expression differs from the
     * source's there: Σ over kinds of (how much that kind differs, from the code) × (where it shows,
     * from the finest features, which have seen the warped source). Why a product: an opening mouth
     * makes a hole only where the lips are and only when the jaw differs; the plain trust head had
     * the code only through the 8×8 start of the decoder and, after 4,550 steps, trusted the mouth
     * box alike (0.89-0.90) whether the driver's jaw was open wider or not, though the code carries
     * that difference (a linear probe reads it at R² 0.81). The offsets start the term near zero.
     */
    private NDArray holeLogits(ParameterStore ps, NDArray code, NDArray features, boolean training) {
        long n = code.getShape().get(0);
        NDArray amount = Activation.softPlus(Ops.run(holeAmount, ps, code, training).sub(3f)).reshape(n, holes, 1, 1);
        NDArray place = Activation.sigmoid(Ops.run(holePlace, ps, features, training).sub(1f));
        return place.mul(amount).sum(new int[] {1}, true).mul(HOLE_DEPTH);
    }

    /**
     * A displacement beyond a whole image width only ever samples nothing; bounding it keeps a
     * wild early estimate from feeding ever larger values through the next scale's convolutions.
     */
    private static NDArray bounded(NDArray disp) {
        return disp.clip(-MAX_DISPLACEMENT, MAX_DISPLACEMENT);
    }

    /** The identity grid's pixel positions as rows x, y and 1, (3, size²), in memory libtorch owns. */
    private static NDArray homogeneous(NDManager m, int size) {
        float[] rows = HOMOGENEOUS.computeIfAbsent(size, key -> {
            float[] r = Arrays.copyOf(BilinearWarp.sharedIdentityGrid(size, size), 3 * size * size);
            Arrays.fill(r, 2 * size * size, r.length, 1f);
            return r;
        });
        try (NDArray wrapped = m.create(rows, new Shape(3, (long) size * size))) {
            return wrapped.duplicate();
        }
    }

    /** The identity grid in memory libtorch owns (see {@code TrainingBatch.owned} for why). */
    static NDArray identity(NDManager m, int size) {
        try (NDArray wrapped = m.create(BilinearWarp.sharedIdentityGrid(size, size), new Shape(1, 2, size, size))) {
            return wrapped.duplicate();
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long n = inputShapes[0].get(0);
        long s = inputShapes[1].get(2);
        return new Shape[] {new Shape(n, 2, s, s), new Shape(n, 1, s, s), new Shape(n, 1, s, s)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[0].get(0);
        start.initialize(manager, dataType, inputShapes[0]);
        affine.initialize(manager, dataType, inputShapes[0]);
        int size = base;
        for (int l = 0; l < widths.length; l++) {
            int in = (l == 0 ? widths[0] : widths[l - 1]) + SIDE_INPUTS;
            inConvs.get(l).initialize(manager, dataType, new Shape(n, in, size, size));
            midConvs.get(l).initialize(manager, dataType, new Shape(n, widths[l], size, size));
            heads.get(l).initialize(manager, dataType, new Shape(n, widths[l], size, size));
            size *= 2;
        }
        if (holes > 0) {
            holeAmount.initialize(manager, dataType, inputShapes[0]);
            int last = widths.length - 1;
            holePlace.initialize(manager, dataType, new Shape(n, widths[last], base << last, base << last));
        }
    }
}
