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
import io.reenact.model.ModelConfig;
import io.reenact.model.layers.BicubicWarp;
import io.reenact.model.layers.BilinearWarp;
import io.reenact.model.layers.CubicUpsample;
import io.reenact.model.layers.Dense;
import io.reenact.model.layers.Ops;

/**
 * The warping renderer: makes the driver's frame out of the avatar's own frames, so detail is
 * copied rather than painted from a 4×4 constant.
 *
 * <ol>
 *   <li>Per source frame k, a motion code from the identity, the driver's latent pose and the
 *   source's own latent pose (both from the paper's low-capacity pose encoder; no keypoints);</li>
 *   <li>a {@link FlowDecoder} turns code + source into a multi-scale backward flow, an occlusion
 *   logit and a confidence logit;</li>
 *   <li>every source (RGB and mask) is warped by its flow (bicubic in configs that ask for it, see
 *   {@link BicubicWarp} and, at inference, {@link CubicUpsample}); the K results are blended by the
 *   softmax of their confidences (a source that does not show a region, e.g. a closed mouth for an
 *   open one, should lose there);</li>
 *   <li>a {@link Refiner} fills what no source shows and returns RGB and a mask, as the AdaIN
 *   generator does.</li>
 * </ol>
 *
 * <p>Inputs: identity (B, Di), driver pose (B, Dp), source poses (B, K, Dp), sources (B, K, 3, S, S)
 * in [0, 1], source masks (B, K, 1, S, S), and optionally {@link #samplingSources} of those.
 * Outputs: RGB (B, 3, S, S), mask (B, 1, S, S), the blended warp before refinement (B, 3, S, S), the flows (B, K, 2, S, S), the occlusion map (B, 1, S, S),
 * 1 where the warp is trusted, each source's blending weight (B, K, 1, S, S), each source's
 * logit of trust in its warp (B, K, 1, S, S), the log of the blending weights (B, K, 1, S, S) and the
 * refiner's fill (B, 3, S, S).
 */
public final class WarpRenderer extends AbstractBlock {

    /** Codes are wide enough to carry pose and the identity's proportions, small next to the images. */
    static final int CODE = 128;
    /** How strongly a source's own warped mask votes in the blend: off-person pixels never win. */
    private static final float MASK_VOTE = 4f;
    /** Bias of the occlusion map: a fresh renderer trusts the warp. */
    private static final float TRUST = 3f;
    /** Largest change the refiner may make to a warped colour. */
    private static final float CORRECTION = 0.2f;
    /** The correction is drawn on cells of this many pixels a side, each repeated over its cell. */
    private static final int CORRECTION_CELL = 4;
    /**
     * How much larger than the sources {@link #samplingSources} makes them: the larger, the nearer
     * the cubic warp the training used, and the slower. On the shipped warp-128 weights, sharpness
     * 0.41 / 0.45 / 0.47 at 2 / 3 / 4 against 0.49 for the exact cubic warp, PSNR alike; render p50
     * 30.9 / 33.1 ms at 2 / 4 on one core. 4 keeps the picture; 2 is there for a tighter frame budget.
     */
    public static final int SAMPLING_ZOOM = Integer.getInteger("reenact.sampling-zoom", 4);

    // parsed once: a served frame slices these every time, and NDIndex parses its string each time it is made
    private static final NDIndex SOURCE_RGB = new NDIndex(":, :, 0:3");
    private static final NDIndex SOURCE_MASK = new NDIndex(":, :, 3:4");
    private static final NDIndex FILL = new NDIndex(":, 0:3");
    private static final NDIndex CORRECTION_LOGITS = new NDIndex(":, 3:6");
    private static final NDIndex MASK_LOGIT = new NDIndex(":, 6:7");

    private final int identityDim;
    private final int poseDim;
    private final float poseGain;
    private final boolean bicubic;
    private final float blendSharpness;
    private final float servedTrustBias;
    private final Dense motion1;
    private final Dense motion2;
    private final FlowDecoder flow;
    private final Refiner refiner;

    public WarpRenderer(ModelConfig config) {
        identityDim = config.identityDim();
        poseDim = config.poseDim();
        poseGain = config.effectivePoseGain();
        bicubic = config.samplesBicubic();
        blendSharpness = config.effectiveBlendSharpness();
        servedTrustBias = config.servedTrustBias();
        motion1 = addChildBlock("motion1", new Dense(identityDim + 2 * poseDim, config.mlpHidden(), false));
        motion2 = addChildBlock("motion2", new Dense(config.mlpHidden(), CODE, false));
        flow = addChildBlock("flow", new FlowDecoder(CODE, config.flowWidths(), config.expressionHoles()));
        refiner = addChildBlock("refiner", new Refiner(CODE, config.refinerWidth()));
    }

    /** The part that draws what warping cannot, and what per-person fine-tuning changes. */
    public ai.djl.nn.Block refiner() {
        return refiner;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray identity = inputs.get(0);
        NDArray drive = inputs.get(1);
        NDArray sourcePoses = inputs.get(2);
        NDArray sources = inputs.get(3);
        NDArray masks = inputs.get(4);
        Shape ss = sources.getShape();
        long b = ss.get(0);
        long k = ss.get(1);
        long s = ss.get(3);
        long n = b * k;

        // one motion code per (sample, source)
        // repeated, not broadcast: see FlowDecoder#SIDE_INPUTS
        NDArray idRep = Ops.repeated(identity.expandDims(1), 1, k);
        NDArray driveRep = Ops.repeated(drive.expandDims(1), 1, k);
        NDArray in = idRep.concat(driveRep.mul(poseGain), 2).concat(sourcePoses.mul(poseGain), 2)
                .reshape(n, identityDim + 2 * poseDim);
        NDArray code = Activation.relu(Ops.run(motion1, ps, in, training));
        code = Activation.relu(Ops.run(motion2, ps, code, training));

        NDArray src = sources.concat(masks, 2).reshape(n, 4, s, s);
        NDList f = flow.forward(ps, new NDList(code, src), training);
        NDArray grid = f.get(0);
        NDArray enlarged = inputs.size() > 5
                ? inputs.get(5).reshape(n, 4, SAMPLING_ZOOM * s, SAMPLING_ZOOM * s)
                : null;
        NDArray warped = sample(src, grid, enlarged, training).reshape(b, k, 4, s, s);
        NDArray warpedRgb = warped.get(SOURCE_RGB);
        NDArray warpedMask = warped.get(SOURCE_MASK);
        NDArray choice = f.get(2).reshape(b, k, 1, s, s).add(warpedMask.mul(MASK_VOTE)).mul(blendSharpness);
        NDArray logConfidence = choice.logSoftmax(1);
        NDArray confidence = logConfidence.exp();
        // trained, sigmoid(trust) is the chance that the source shows the point. Served, the warp is kept
        // unless the fill is clearly likelier to be right: a sharp eye glancing the wrong way reads
        // better than a blur of it and the fill, which is what PSNR prefers when unsure
        NDArray trust = f.get(1).reshape(b, k, 1, s, s).add(training ? TRUST : TRUST + servedTrustBias);
        // the trust learns where a source shows the point from the exact visibility alone (the
        // trainer's trust loss): when the image losses could move it too, they taught it to blend the
        // refiner's blurry fill over every slightly misplaced pixel (sharpness 0.75 -> 0.50 in 750 steps)
        NDArray occlusion = Activation.sigmoid(training ? trust.stopGradient() : trust).mul(confidence).sum(new int[] {1});
        NDArray blended = warpedRgb.mul(confidence).sum(new int[] {1});
        NDArray blendedMask = warpedMask.mul(confidence).sum(new int[] {1});

        NDArray meanCode = code.reshape(b, k, CODE).mean(new int[] {1});
        NDArray where = Ops.repeated(FlowDecoder.identity(identity.getManager(), (int) s), 0, b);
        NDArray refinerIn = blended.concat(blendedMask, 1).concat(occlusion, 1).concat(where, 1)
                .concat(occlusion.onesLike(), 1);
        NDArray r = refiner.forward(ps, new NDList(refinerIn, meanCode), training).singletonOrThrow();
        NDArray fill = Activation.sigmoid(r.get(FILL));
        // low-pass: the correction is for shading a turn changes, which is smooth; at full resolution
        // the refiner learned to erase the thin lines of eyes and mouth whose warp it doubted
        NDArray correction = Ops.resize(Ops.resize(r.get(CORRECTION_LOGITS), (int) s / CORRECTION_CELL),
                (int) s).tanh().mul(CORRECTION);
        NDArray rgb = blended.add(correction).mul(occlusion).add(fill.mul(occlusion.neg().add(1f)));
        NDArray mask = Activation.sigmoid(r.get(MASK_LOGIT).add(blendedMask.sub(0.5f).mul(8f)));
        return new NDList(rgb, mask, blended, grid.reshape(b, k, 2, s, s), occlusion, confidence, trust,
                logConfidence, fill);
    }

    /**
     * Sources (RGB + mask, (N, 4, S, S)) sampled at the grid: bilinearly, or, in configs that ask for
     * the cubic kernel, exactly with it in training and through {@link CubicUpsample} otherwise (the
     * enlarged sources given, or made here).
     */
    private NDArray sample(NDArray src, NDArray grid, NDArray enlarged, boolean training) {
        if (!bicubic) {
            return training ? BilinearWarp.sample(src, grid) : BilinearWarp.sampleForInference(src, grid);
        }
        if (training) {
            return BicubicWarp.sample(src, grid);
        }
        return BilinearWarp.sampleForInference(enlarged != null ? enlarged : CubicUpsample.by(src, SAMPLING_ZOOM), grid);
    }

    /**
     * From now on, inference climbs the flow decoder's and the refiner's scales without upsampling
     * their features ({@link io.reenact.model.layers.UpsampledConcatConv}): the same frame for less
     * work. Call only once the weights are final (they are read now, not per frame).
     */
    public void precomputeUpsampling() {
        flow.precomputeUpsampling();
        refiner.precomputeUpsampling();
    }

    /** Whether a parameter, by its name, belongs to the trust's expression holes ({@link FlowDecoder}). */
    public static boolean isExpressionHole(String parameterName) {
        return parameterName.contains(FlowDecoder.HOLE_AMOUNT) || parameterName.contains(FlowDecoder.HOLE_PLACE);
    }

    /**
     * What {@link #forward} may take as a sixth input so that inference need not redo it per frame:
     * sources (B, K, 3, S, S) and masks (B, K, 1, S, S) enlarged for sampling, (B, K, 4, zS, zS) with
     * z = {@link #SAMPLING_ZOOM}.
     */
    public static NDArray samplingSources(NDArray sources, NDArray masks) {
        Shape ss = sources.getShape();
        long b = ss.get(0);
        long k = ss.get(1);
        long s = ss.get(3);
        return CubicUpsample.by(sources.concat(masks, 2).reshape(b * k, 4, s, s), SAMPLING_ZOOM)
                .reshape(b, k, 4, SAMPLING_ZOOM * s, SAMPLING_ZOOM * s);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ss = inputShapes[3];
        long b = ss.get(0);
        long k = ss.get(1);
        long s = ss.get(3);
        return new Shape[] {new Shape(b, 3, s, s), new Shape(b, 1, s, s), new Shape(b, 3, s, s),
            new Shape(b, k, 2, s, s), new Shape(b, 1, s, s), new Shape(b, k, 1, s, s), new Shape(b, k, 1, s, s),
            new Shape(b, k, 1, s, s), new Shape(b, 3, s, s)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape ss = inputShapes[3];
        long b = ss.get(0);
        long k = ss.get(1);
        long s = ss.get(3);
        motion1.initialize(manager, dataType, new Shape(b * k, identityDim + 2L * poseDim));
        motion2.initialize(manager, dataType, new Shape(b * k, motion1.outFeatures()));
        flow.initialize(manager, dataType, new Shape(b * k, CODE), new Shape(b * k, 4, s, s));
        refiner.initialize(manager, dataType, new Shape(b, Refiner.IN, s, s), new Shape(b, CODE));
    }
}
