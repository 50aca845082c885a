package io.reenact.model.finetune;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.reenact.model.ExpressionReading;
import io.reenact.model.GeneratedFrame;
import io.reenact.model.GeneratorWeights;
import io.reenact.model.LatentPoseModel;
import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.model.WarpSources;
import io.reenact.model.WarpedFrame;
import io.reenact.model.WeightsFile;
import io.reenact.model.generator.WarpRenderer;
import io.reenact.model.loss.DiceLoss;
import io.reenact.model.loss.ReconstructionLoss;
import io.reenact.model.train.Ema;
import io.reenact.model.train.GradientGuard;
import io.reenact.model.layers.Ops;
import io.reenact.model.train.ImageTensors;
import io.reenact.model.train.ParameterGroup;
import io.reenact.model.train.ProgressBar;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The paper's per-person fine-tuning: the identity embedding, averaged over all of the avatar's frames,
 * becomes a trainable vector; the renderer is fine-tuned on the avatar's own frames (each frame is its
 * own pose source and target); both encoders stay frozen, so the pose embeddings of the frames are
 * computed once. What is tuned is what draws the image: generator and AdaIN MLP for the paper's
 * configurations; the refiner of a warping one (see {@link #tunable}), each frame drawn by warping
 * the frame serving would warp for its pose (of the {@link WarpSources#KEPT} the avatar carries, the
 * nearest; never the frame itself).
 * Losses: the reconstruction substitute and dice, as in training (no discriminator: fine-tuning runs
 * at enrolment where none is shipped; no flow supervision: a real person has no exact flow). The base
 * model is not changed.
 */
public final class FineTuner {

    /**
     * @param steps        optimisation steps (the paper: ~125 for one image up to ~560)
     * @param batch        frames per step
     * @param learningRate Adam learning rate of generator, MLP and identity vector. The paper's 5e-4
     *                     overshoots on the shipped checkpoint (30 steps: cross-driving PSNR 17.08 dB
     *                     → 15.50 over 5 avatars; 1e-4 → 16.89; 5e-5 → 17.10), so the default is 5e-5
     * @param emaDecay     the returned weights and identity are an exponential moving average of the
     *                     tuned ones with this decay (the paper: 0.972, which is what lets its large
     *                     steps settle); 0 returns the last step's
     * @param precision    storage precision of the returned weights
     * @param seed         frame sampling seed
     */
    public record Config(int steps, int batch, float learningRate, float emaDecay, WeightsFile.Precision precision,
                         long seed) {

        public Config {
            if (steps < 0 || batch < 1 || !(learningRate > 0) || emaDecay < 0 || emaDecay >= 1) {
                throw new IllegalArgumentException("steps >= 0, batch >= 1, learning rate > 0, 0 <= EMA decay < 1");
            }
        }

        public static Config defaults() {
            return new Config(100, 4, 5e-5f, 0f, WeightsFile.Precision.FP16, 1L);
        }
    }

    /**
     * @param weights             the fine-tuned MLP + generator parameters as a {@link WeightsFile}
     *                            (names {@code mlp/...}, {@code generator/...})
     * @param identity            the fine-tuned identity embedding
     * @param reconstructionBefore mean reconstruction loss on the avatar's frames before fine-tuning
     * @param reconstructionAfter  the same after
     */
    public record Result(byte[] weights, float[] identity, double reconstructionBefore, double reconstructionAfter,
                         int steps, double seconds) {
    }

    private static final LatentPoseModel.Part[] G_SIDE = {
        LatentPoseModel.Part.IDENTITY_ENCODER, LatentPoseModel.Part.POSE_ENCODER,
        LatentPoseModel.Part.MLP, LatentPoseModel.Part.GENERATOR, LatentPoseModel.Part.WARP_RENDERER
    };
    private static final int CHUNK = 16;

    private final LatentPoseModel base;
    private final Config config;
    private final PrintStream log;
    private final ReconstructionLoss reconstruction = new ReconstructionLoss();
    private final DiceLoss dice = new DiceLoss();

    private final LatentPoseModel.Part[] tunedParts;
    private final ExpressionReading reading;

    public FineTuner(LatentPoseModel base, Config config, PrintStream log) {
        this(base, config, log, null);
    }

    /**
     * @param reading how serving reads the expression from a code to choose the frame it warps (null:
     *                by the code alone); tuning warps the frames serving would
     */
    public FineTuner(LatentPoseModel base, Config config, PrintStream log, ExpressionReading reading) {
        this.base = base;
        this.config = config;
        this.log = log;
        this.reading = reading;
        this.tunedParts = GeneratorWeights.parts(base.config());
    }

    public Result fineTune(List<RgbImage> frames, List<Mask> masks) {
        if (frames.isEmpty() || frames.size() != masks.size()) {
            throw new IllegalArgumentException("need as many masks as frames, and at least one frame");
        }
        long start = System.nanoTime();
        int n = frames.size();
        int s = base.config().imageSize();
        try (NDManager root = base.manager().getParentManager().newSubManager();
             LatentPoseModel tuned = LatentPoseModel.create(base.config(), root, 0, config.seed());
             LatentPoseModel averaged = LatentPoseModel.create(base.config(), root, 0, config.seed())) {
            tuned.copyFrom(base, G_SIDE);
            averaged.copyFrom(base, G_SIDE);
            Ema ema = new Ema(tuned, averaged, config.emaDecay(), tunedParts);
            float[] identity0 = meanIdentity(tuned, root, frames);
            float[][] poses = poses(tuned, root, frames);
            Painter painter = base.config().warps() ? new Painter(frames, masks, poses, s, reading) : new Painter(poses);
            double before = meanReconstruction(tuned, painter, root, identity0, poses, frames, masks);

            NDArray identity = root.create(identity0, new Shape(1, identity0.length));
            identity.setRequiresGradient(true);
            float[] averageIdentity = identity0.clone();
            Map<String, Parameter> tunedParams = tunable(tuned);
            ParameterGroup group = new ParameterGroup("finetune", tunedParams, config.learningRate(), 0f, 0.999f);
            Optimizer identityOptimizer = Optimizer.adam()
                    .optLearningRateTracker(Tracker.fixed(config.learningRate())).optBeta1(0f).build();
            List<Parameter> all = new ArrayList<>(tuned.parameters().values());
            Random rng = new Random(config.seed());
            ProgressBar bar = new ProgressBar(log, "finetune", 0, config.steps());
            int b = Math.min(config.batch(), n);
            List<Integer> targets = java.util.stream.IntStream.range(0, n).boxed().toList();
            GradientGuard guard = new GradientGuard();
            int skipped = 0;
            b = Math.min(b, targets.size());
            for (int step = 1; step <= config.steps(); step++) {
                List<Integer> pick = pick(targets, b, rng);
                try (NDManager sm = root.newSubManager()) {
                    float loss;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray id = identity.broadcast(new Shape(b, identity0.length));
                        id.attach(sm);
                        NDArray[] out = painter.paint(tuned, sm, id, pick, true);
                        NDArray target = ImageTensors.images(sm, select(frames, pick));
                        NDArray mask = ImageTensors.masks(sm, select(masks, pick));
                        NDArray l = reconstruction.compute(out[0], target.mul(mask))
                                .add(dice.compute(out[1], mask).mul(0.1f));
                        loss = l.getFloat();
                        if (Float.isFinite(loss)) {
                            gc.backward(l);
                        }
                    }
                    if (!Float.isFinite(loss) || !guard.accept(gradientNorm(group, identity))) {
                        // libtorch's CPU convolution backward now and then returns a non-finite
                        // gradient; one such update leaves NaN in every weight it reaches
                        skipped++;
                        ParameterGroup.clearNonFinite(all);
                        clearGradient(identity);
                        continue;
                    }
                    group.step();
                    try (NDArray grad = identity.getGradient()) {
                        identityOptimizer.update("identity", identity, grad);
                        grad.muli(0f);
                    }
                    ParameterGroup.clear(all);
                    ema.update(step);
                    average(averageIdentity, identity.toFloatArray(), config.emaDecay(), step);
                    bar.update(step, Map.of("loss", loss));
                }
            }
            float[] tunedIdentity = config.steps() == 0 ? identity0 : averageIdentity;
            double after = meanReconstruction(averaged, painter, root, tunedIdentity, poses, frames, masks);
            byte[] weights = WeightsFile.toBytes(averaged.parameters(tunedParts), config.precision());
            double seconds = (System.nanoTime() - start) / 1e9;
            log.printf(java.util.Locale.ROOT, "fine-tuned on %d frames, %d steps in %.1f s: reconstruction %.4f → %.4f%s%n",
                    n, config.steps(), seconds, before, after,
                    skipped == 0 ? "" : " (" + skipped + " updates with a non-finite or outsized gradient skipped)");
            return new Result(weights, tunedIdentity, before, after, config.steps(), seconds);
        }
    }

    /**
     * What a person's frames tune: the paper's generator and MLP; of a warping renderer only the
     * refiner, which draws what the warp cannot. On the shipped warp-128 weights (100 steps at 5e-5 on
     * 32 enrolment frames, 10 held-out people, cross- / self-driving) tuning the whole renderer fitted the
     * avatar's frames better but moved other people's codes worse: PSNR 22.53 / 24.22 → 22.36 / 24.27 dB,
     * eye box 18.36 → 18.03 dB. The refiner alone: 22.58 / 24.45 dB (seed 2: 24.22 / 25.38 → 24.19 / 25.44),
     * sharpness 0.74 → 0.78; the flow, which every driver's pose moves, stays as trained.
     */
    private Map<String, Parameter> tunable(LatentPoseModel model) {
        Map<String, Parameter> out = new java.util.LinkedHashMap<>(model.trainableParameters(tunedParts));
        if (model.block(LatentPoseModel.Part.WARP_RENDERER) instanceof WarpRenderer renderer) {
            java.util.Set<Parameter> refiner = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            refiner.addAll(renderer.refiner().getParameters().values());
            out.values().removeIf(p -> !refiner.contains(p));
        }
        return out;
    }

    private static double gradientNorm(ParameterGroup group, NDArray identity) {
        double norm = group.gradientNorm();
        try (NDArray grad = identity.getGradient(); NDArray sq = grad.square(); NDArray sum = sq.sum()) {
            return Math.sqrt(norm * norm + sum.getFloat());
        }
    }

    private static void clearGradient(NDArray identity) {
        try (NDArray grad = identity.getGradient()) {
            ParameterGroup.zeroInPlace(grad); // not grad × 0: NaN × 0 is NaN
        }
    }

    /** The identity's share of the moving average, with {@link Ema}'s warm-up of the decay. */
    private static void average(float[] average, float[] live, float decay, long step) {
        float rate = 1f - Math.min(decay, (1f + step) / (10f + step));
        for (int i = 0; i < average.length; i++) {
            average[i] -= rate * (average[i] - live[i]);
        }
    }

    /** Mean identity embedding over every frame (encoder frozen), in chunks. */
    static float[] meanIdentity(LatentPoseModel model, NDManager parent, List<RgbImage> frames) {
        int s = model.config().imageSize();
        float[] sum = null;
        for (int i = 0; i < frames.size(); i += CHUNK) {
            List<RgbImage> chunk = frames.subList(i, Math.min(frames.size(), i + CHUNK));
            try (NDManager sm = parent.newSubManager()) {
                NDArray x = ImageTensors.images(sm, chunk).reshape(1, chunk.size(), 3, s, s);
                float[] e = model.identity(x, false).toFloatArray();
                if (sum == null) {
                    sum = new float[e.length];
                }
                for (int j = 0; j < e.length; j++) {
                    sum[j] += e[j] * chunk.size();
                }
            }
        }
        for (int j = 0; j < sum.length; j++) {
            sum[j] /= frames.size();
        }
        return sum;
    }

    static float[][] poses(LatentPoseModel model, NDManager parent, List<RgbImage> frames) {
        float[][] out = new float[frames.size()][];
        for (int i = 0; i < frames.size(); i += CHUNK) {
            List<RgbImage> chunk = frames.subList(i, Math.min(frames.size(), i + CHUNK));
            try (NDManager sm = parent.newSubManager()) {
                List<float[]> rows = Ops.rows(model.pose(ImageTensors.images(sm, chunk), false));
                for (int j = 0; j < chunk.size(); j++) {
                    out[i + j] = rows.get(j);
                }
            }
        }
        return out;
    }

    /**
     * Draws a batch of the avatar in given poses, as serving will: from the AdaIN generator, or by
     * warping, for each frame drawn, the one of the avatar's kept frames serving would warp for that
     * pose ({@link WarpSources#varied}, then {@link WarpSources#nearest}), the frame itself left out
     * so that the renderer learns to move a source, not to copy it. The frames are kept as plain
     * arrays and made into tensors per step in the step's manager, so nothing accumulates across steps.
     */
    private static final class Painter {
        private final float[][] images;
        private final float[][] masks;
        private final float[][] poses;
        /** Per frame, the frames warped to draw it. */
        private final int[][] sourcesOf;
        private final int size;

        /** The AdaIN generator's: no sources. */
        Painter(float[][] poses) {
            images = null;
            masks = null;
            this.poses = poses;
            sourcesOf = null;
            size = 0;
        }

        Painter(List<RgbImage> frames, List<Mask> frameMasks, float[][] poses, int size, ExpressionReading reading) {
            int n = frames.size();
            int plane = size * size;
            this.size = size;
            this.poses = poses;
            images = new float[n][3 * plane];
            masks = new float[n][plane];
            for (int i = 0; i < n; i++) {
                ImageTensors.putChw(frames.get(i), images[i], 0);
                ImageTensors.putMask(frameMasks.get(i), masks[i], 0);
            }
            sourcesOf = sourcesOf(poses, reading);
        }

        /** Image (RGB × mask) and mask, (B, 3, S, S) and (B, 1, S, S), of the given frames' poses. */
        NDArray[] paint(LatentPoseModel model, NDManager m, NDArray identity, List<Integer> frames, boolean training) {
            NDArray pose = poseBatch(m, poses, frames);
            if (sourcesOf == null) {
                GeneratedFrame g = model.render(identity, pose, training);
                return new NDArray[] {g.image(), g.mask()};
            }
            int b = frames.size();
            int k = sourcesOf[frames.get(0)].length;
            int dim = poses[0].length;
            int plane = size * size;
            float[] sourcePoses = new float[b * k * dim];
            float[] sources = new float[b * k * 3 * plane];
            float[] sourceMasks = new float[b * k * plane];
            for (int i = 0; i < b; i++) {
                int[] from = sourcesOf[frames.get(i)];
                for (int j = 0; j < k; j++) {
                    int at = i * k + j;
                    System.arraycopy(poses[from[j]], 0, sourcePoses, at * dim, dim);
                    System.arraycopy(images[from[j]], 0, sources, at * 3 * plane, 3 * plane);
                    System.arraycopy(masks[from[j]], 0, sourceMasks, at * plane, plane);
                }
            }
            WarpedFrame w = model.warp(identity, pose,
                    owned(m, sourcePoses, new Shape(b, k, dim)),
                    owned(m, sources, new Shape(b, k, 3, size, size)),
                    owned(m, sourceMasks, new Shape(b, k, 1, size, size)), training);
            return new NDArray[] {w.image(), w.mask()};
        }

        /** In memory libtorch owns: autograd may keep an input past the Java buffer it wrapped. */
        private static NDArray owned(NDManager m, float[] data, Shape shape) {
            try (NDArray wrapped = m.create(data, shape)) {
                return wrapped.duplicate();
            }
        }
    }

    /**
     * Per enrolment frame, the frames warped to draw it while tuning: those serving would warp for its
     * pose (of the {@link WarpSources#varied} frames the avatar keeps, the {@link WarpSources#nearest}),
     * leaving the frame itself out unless it is the only one.
     */
    static int[][] sourcesOf(float[][] poses, ExpressionReading reading) {
        int[] kept = WarpSources.varied(java.util.Arrays.asList(poses), WarpSources.KEPT);
        int[][] out = new int[poses.length][];
        for (int t = 0; t < poses.length; t++) {
            List<Integer> others = new ArrayList<>();
            for (int k : kept) {
                if (k != t || kept.length == 1) {
                    others.add(k);
                }
            }
            int[] near = WarpSources.nearest(others.stream().map(k -> poses[k]).toList(), poses[t],
                    WarpSources.SERVING, reading);
            out[t] = java.util.Arrays.stream(near).map(others::get).toArray();
        }
        return out;
    }

    /** Mean reconstruction loss over all frames, inference mode. */
    private static double meanReconstruction(LatentPoseModel model, Painter painter, NDManager parent, float[] identity,
                                             float[][] poses, List<RgbImage> frames, List<Mask> masks) {
        ReconstructionLoss rec = new ReconstructionLoss();
        double total = 0;
        for (int i = 0; i < frames.size(); i += CHUNK) {
            List<Integer> idx = new ArrayList<>();
            for (int j = i; j < Math.min(frames.size(), i + CHUNK); j++) {
                idx.add(j);
            }
            try (NDManager sm = parent.newSubManager()) {
                NDArray id = sm.create(identity, new Shape(1, identity.length)).repeat(0, idx.size());
                NDArray[] out = painter.paint(model, sm, id, idx, false);
                NDArray mask = ImageTensors.masks(sm, select(masks, idx));
                NDArray target = ImageTensors.images(sm, select(frames, idx)).mul(mask);
                total += rec.compute(out[0], target).getFloat() * idx.size();
            }
        }
        return total / frames.size();
    }

    private static NDArray poseBatch(NDManager m, float[][] poses, List<Integer> idx) {
        int dim = poses[0].length;
        float[] data = new float[idx.size() * dim];
        for (int j = 0; j < idx.size(); j++) {
            System.arraycopy(poses[idx.get(j)], 0, data, j * dim, dim);
        }
        return m.create(data, new Shape(idx.size(), dim));
    }

    private static List<Integer> pick(List<Integer> targets, int b, Random rng) {
        List<Integer> all = new ArrayList<>(targets);
        java.util.Collections.shuffle(all, rng);
        return all.subList(0, b);
    }

    private static <T> List<T> select(List<T> items, List<Integer> idx) {
        List<T> out = new ArrayList<>(idx.size());
        for (int i : idx) {
            out.add(items.get(i));
        }
        return out;
    }
}
