package io.reenact.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.reenact.model.GeneratedFrame;
import io.reenact.model.LatentPoseModel;
import io.reenact.model.WarpedFrame;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.reenact.model.layers.BilinearWarp;
import io.reenact.model.layers.Ops;
import io.reenact.model.augment.PoseAugmentation;
import io.reenact.model.data.SyntheticHeads;
import io.reenact.model.data.VideoDataset;
import io.reenact.model.discriminator.DiscriminatorOutput;
import io.reenact.model.generator.WarpRenderer;
import io.reenact.model.loss.DetailLoss;
import io.reenact.model.loss.DiceLoss;
import io.reenact.model.loss.EmbeddingMatchLoss;
import io.reenact.model.loss.FeatureMatchingLoss;
import io.reenact.model.loss.HingeLoss;
import io.reenact.model.loss.FlowInvarianceLoss;
import io.reenact.model.loss.PoseInvarianceLoss;
import io.reenact.model.loss.ReconstructionLoss;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains the latent-pose model as the paper does, scaled to a CPU: per sample K identity frames and
 * one pose frame (also the target) from one video; identity = mean of the identity encoder over the
 * K frames; pose = pose encoder of the augmented pose frame; the generator renders RGB + mask; the
 * losses compare image × mask with target × ground-truth mask (reconstruction substitute, dice), plus
 * — unless disabled — hinge adversarial, feature matching and embedding match against a projection
 * discriminator trained in alternation.
 *
 * <p>Three Adam optimisers (G side: identity encoder + MLP + generator or warp renderer; the pose
 * encoder, at its own rate when one is given; D), an EMA of the G side for export,
 * checkpoints every N steps with resume from the latest, loss CSV + PNG, a progress line on stderr.
 * Adam's moment estimates are not checkpointed: after a resume they restart from zero, which costs
 * a few hundred steps of slightly larger updates, not correctness (β1 = 0 makes the first moment
 * memoryless anyway).
 */
public final class Trainer {

    /** What a run reports when it ends. */
    public record Result(long step, double secondsPerStep, Map<String, Double> recentLosses, Path export) {
    }

    /** Non-finite losses in a row after which the weights are broken, not one pass (the segmenter trainer too). */
    static final int MAX_NON_FINITE_STEPS = 20;
    // warp-renderer loss weights next to LossWeights.reconstruction (10): the flow is in normalised
    // units (0.03 ≈ 2 px at 128), so its weight is large; smoothness only irons out noise
    private static final float REGION_L1 = 1f;
    private static final float WARP_REC = 5f;
    /**
     * Weight of the exact flow's error. At 30 the decoder drew about half of a head's non-rigid motion;
     * from the shipped warp-128 weights, one source per sample, 100 against 30 gave {@code reenact eval}'s
     * flow error 1.35 against 1.46 px self-driving (non-affine 0.90 against 1.01) and 2.12 against 2.22
     * cross-driving, after 1,750 and 1,650 steps.
     */
    private static final float FLOW = 100f;
    private static final float OCCLUSION = 1f;
    private static final float SMOOTH = 0.5f;
    /**
     * Weight of the blend's cross-entropy against {@link #blendTarget}. An L1 between the weights
     * and that target has no gradient once the softmax saturates on the wrong source, and it was
     * content with even splits that averaged two warps into a blur.
     */
    private static final float BLEND = 1f;
    /**
     * Weight of the refiner's fill's error where no source shows the target's point and only a
     * source's expression hides it (the inside of an opening mouth, an eye opening under a source's closed
     * lid), averaged over those pixels alone: in the whole-image mean they are too few for the refiner
     * to learn to draw them. The fill itself is scored, not the final image: through the final image
     * its gradient was scaled by the distrust, about 0.2 there, and on the 43,050-step weights, with the
     * trust set to give way exactly on those pixels, it drew pink and white speckle where the truth's
     * mouth was dark (mouth box 21.81 -> 21.43 dB).
     */
    private static final float FILL = 2f;
    /**
     * How much more a pixel only a source's expression hides counts in {@link #trustLoss} than one it
     * shows. At 1 the trust there stayed 0.80 on the 43,050-step weights for drivers whose jaw was
     * opened wider than the warped frame's (0.96 where the frame shows the point). At 4, for 2,000
     * steps from those weights, it fell to 0.53 there (served without bias) but also where the frame
     * does show the point, and the served picture lost detail: on seed 2's held-out heads sharpness
     * 0.707 to 0.671, PSNR 24.02 to 24.00 dB (0.695 and 23.94 dB with the served bias raised to 2.5).
     * Weighted equal as a whole (their own mean), the trust dropped over the whole face.
     */
    private static final float HIDDEN_TRUST = 1f;
    /**
     * How much faster than the rest of the renderer the trust's expression holes learn. They were
     * added to weights already trained, behind an offset that starts them near zero, and Adam moves
     * each weight by about the learning rate a step: at the renderer's rate their offsets had moved
     * 0.1 of the 3 they start below in 13,500 steps, and the trust still did not give way where the
     * driver's jaw opened wider than the warped frame's. At 10x for the 4,400 steps that gave the
     * 49,250-step weights it still barely does (served, 0.92 there against 0.99 where the frame shows
     * the point; 0.94 before).
     */
    private static final float HOLE_RATE = 10f;
    /**
     * Weight of {@link DetailLoss}: enough that washing the eyes out by averaging two sources costs
     * more than the pixel losses save by it (on the 19,000-step weights a one-source warp scored 0.042,
     * the two-source blend 0.046, and the blend 0.25 dB better PSNR).
     */
    private static final float DETAIL = 50f;
    /**
     * Weight of {@link ExpressionReadout}'s loss: the true expression read linearly off the pose code.
     * At 5 its share of the pose encoder's gradient was too small to move the code in 500 steps.
     */
    private static final float EXPRESSION = 50f;
    /**
     * What {@link MouthOpeningCritic#pretrain} teaches the critic on at 128² before the renderer reads it:
     * it then reads the opening of people it was not taught on at R² 0.73 (two to three minutes on two cores).
     */
    private static final int CRITIC_PEOPLE = 1500;
    private static final int CRITIC_FRAMES_EACH = 3;
    private static final int CRITIC_STEPS = 3000;
    private static final int BLEND_CELL = 4;
    /** A source whose warp is off by this much more (mean colour, 0–1) gets e⁻¹ of the weight. */
    private static final float BLEND_TOLERANCE = 0.03f;

    private final TrainConfig config;
    private final VideoDataset dataset;
    private final PrintStream log;
    private final ReconstructionLoss reconstruction = new ReconstructionLoss();
    private final DiceLoss dice = new DiceLoss();
    private final PoseInvarianceLoss poseInvariance = new PoseInvarianceLoss();
    private final FlowInvarianceLoss flowInvariance = new FlowInvarianceLoss();
    private final DetailLoss detail = new DetailLoss();
    private final HingeLoss hinge = new HingeLoss();
    private final FeatureMatchingLoss featureMatching = new FeatureMatchingLoss();
    private final EmbeddingMatchLoss embeddingMatch = new EmbeddingMatchLoss();
    private int nonFiniteSteps;
    private final GradientGuard gradientGuard = new GradientGuard();

    public Trainer(TrainConfig config, VideoDataset dataset, PrintStream log) {
        if (dataset.imageSize() != config.model().imageSize()) {
            throw new IllegalArgumentException("dataset frames are " + dataset.imageSize() + " px, model "
                    + config.model().name() + " wants " + config.model().imageSize());
        }
        this.config = config;
        this.dataset = dataset;
        this.log = log;
    }

    public Result run() throws java.io.IOException {
        Files.createDirectories(config.out());
        Checkpoints checkpoints = new Checkpoints(config.out());
        try (NDManager root = NDManager.newBaseManager();
             LatentPoseModel model = LatentPoseModel.create(config.model(), root,
                     config.adversarial() ? dataset.videoCount() : 0, config.seed());
             LatentPoseModel emaModel = LatentPoseModel.create(config.model(), root, 0, config.seed())) {
            emaModel.copyFrom(model, Ema.G_SIDE);
            long step = 0;
            double seconds = 0;
            Checkpoints.State resumed = checkpoints.loadLatest(model, emaModel);
            if (resumed != null) {
                step = resumed.step();
                seconds = resumed.seconds();
                log.printf(Locale.ROOT, "resuming %s from step %d (%.0f s trained so far)%n",
                        config.out(), step, seconds);
            } else if (config.initFrom() != null) {
                WarmStart.from(config.initFrom(), model, emaModel, log);
            }
            LossHistory history = LossHistory.readCsv(checkpoints.lossCsv(), step);
            log.printf(Locale.ROOT, "model %s: %,d parameters (G side %,d); %d training videos; batch %d, K %d, %s%n",
                    config.model().name(), model.parameterCount(), model.parameterCount(Ema.G_SIDE),
                    dataset.videoCount(), config.batch(), config.k(),
                    config.adversarial() ? "adversarial" : "no adversarial part");

            List<Parameter> all = new ArrayList<>(model.parameters().values());
            Map<String, Parameter> gSide = new LinkedHashMap<>(model.encoderParameters());
            gSide.putAll(model.generatorParameters());
            Map<String, Parameter> poseEncoder = model.trainableParameters(LatentPoseModel.Part.POSE_ENCODER);
            gSide.keySet().removeAll(poseEncoder.keySet());
            Map<String, Parameter> holes = new LinkedHashMap<>(gSide);
            holes.keySet().removeIf(name -> !WarpRenderer.isExpressionHole(name));
            gSide.keySet().removeAll(holes.keySet());
            ParameterGroup g = new ParameterGroup("G", gSide, config.lrGenerator(), config.beta1(), config.beta2());
            ParameterGroup h = new ParameterGroup("H", holes, config.lrGenerator() * HOLE_RATE, config.beta1(),
                    config.beta2());
            ParameterGroup p = new ParameterGroup("P", poseEncoder, config.effectiveLrPose(), config.beta1(),
                    config.beta2());
            ParameterGroup d = config.adversarial()
                    ? new ParameterGroup("D", model.discriminatorParameters(), config.lrDiscriminator(),
                            config.beta1(), config.beta2())
                    : null;
            Ema ema = new Ema(model, emaModel, config.emaDecay());
            PoseAugmentation augmentation = new PoseAugmentation(
                    config.augment() ? PoseAugmentation.Settings.paper() : PoseAugmentation.Settings.none());
            ProgressBar bar = new ProgressBar(log, "train", step, config.steps());
            Map<String, Float> losses = Map.of();
            boolean warps = config.model().warps();
            try (BatchLoader loader = new BatchLoader(dataset, augmentation, config.batch(), config.k(),
                    config.seed(), step, warps, warps && config.weights().needsTwins());
                 ExpressionReadout readout = new ExpressionReadout(root, config.model().poseDim());
                 MouthOpeningCritic critic = warps && config.weights().mouthCritic() > 0
                         ? new MouthOpeningCritic(root, config.model().imageSize()) : null) {
                if (critic != null) {
                    // smaller frames (the tests' tiny models) get a share of the effort by their pixels
                    int size = config.model().imageSize();
                    double share = Math.min(1.0, size * size / (128.0 * 128.0));
                    critic.pretrain(new SyntheticHeads(config.seed()), size, (int) Math.max(16, CRITIC_PEOPLE * share),
                            CRITIC_FRAMES_EACH, (int) Math.max(50, CRITIC_STEPS * share), log);
                }
                long sessionStart = System.nanoTime();
                double secondsAtStart = seconds;
                while (step < config.steps()) {
                    TrainingBatch batch = loader.next();
                    try (NDManager sm = root.newSubManager()) {
                        losses = warps ? warpStep(sm, model, batch, List.of(g, p, h), d, all, readout, critic)
                                : step(sm, model, batch, List.of(g, p), d, all);
                    }
                    step++;
                    ema.update(step);
                    seconds = secondsAtStart + (System.nanoTime() - sessionStart) / 1e9;
                    history.add(step, seconds, losses);
                    bar.update(step, losses);
                    if (step % config.checkpointEvery() == 0 || step == config.steps()) {
                        bar.breakLine();
                        checkpoints.save(step, seconds, model, emaModel, history, config);
                        log.printf(Locale.ROOT, "checkpoint at step %d: %s (resident memory %d MB)%n", step,
                                checkpoints.latestDirectory(), residentMegabytes());
                    }
                }
            }
            Path export = checkpoints.export(emaModel, config, step, seconds);
            if (config.model().warps()) {
                ExpressionFit.asExported(emaModel, config.seed(), root).write(export);
            }
            Map<String, Double> recent = new LinkedHashMap<>();
            for (String name : history.names()) {
                recent.put(name, history.recentMean(name, 50));
            }
            log.printf(Locale.ROOT, "done: step %d, %.3f s/step this session; exported %s%n",
                    step, bar.secondsPerStep(), export);
            return new Result(step, bar.secondsPerStep(), recent, export);
        }
    }

    /** One generator step and, with the adversarial part on, one discriminator step. */
    private Map<String, Float> step(NDManager sm, LatentPoseModel model, TrainingBatch batch, List<ParameterGroup> g,
                                    ParameterGroup d, List<Parameter> all) {
        TrainingBatch.Tensors t = batch.toTensors(sm);
        LossWeights w = config.weights();
        Map<String, Float> out = new LinkedHashMap<>();
        NDArray real = t.target().mul(t.mask());
        NDArray fakeForD;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray identity = model.identity(t.identity(), true);
            NDArray pose = model.pose(t.pose(), true);
            GeneratedFrame generated = model.render(identity, pose, true);
            NDArray fake = generated.image();
            NDArray rec = reconstruction.compute(fake, real);
            NDArray diceLoss = dice.compute(generated.mask(), t.mask());
            NDArray total = rec.mul(w.reconstruction()).add(diceLoss.mul(w.dice()));
            out.put("rec", rec.getFloat());
            out.put("dice", diceLoss.getFloat());
            if (d != null) {
                NDArray fakeInput = discriminatorInput(model, fake, generated.mask());
                total = total.add(adversarialTerms(model, fakeInput, real, t, identity, out));
                fakeForD = fakeInput.stopGradient();
            } else {
                fakeForD = null;
            }
            float totalValue = total.getFloat();
            out.put("total", totalValue);
            if (!Float.isFinite(totalValue)) {
                // one bad batch must not poison the weights: skip it, but give up if it persists
                if (++nonFiniteSteps > MAX_NON_FINITE_STEPS) {
                    throw new TrainingDiverged("loss not finite for " + nonFiniteSteps + " steps in a row: " + out);
                }
                ParameterGroup.clear(all);
                return out;
            }
            nonFiniteSteps = 0;
            collector.backward(total);
        }
        double norm = ParameterGroup.gradientNorm(g);
        out.put("gnorm", (float) norm);
        if (!gradientGuard.accept(norm)) {
            // a non-finite or wildly out-of-range gradient (libtorch CPU has produced garbage input
            // gradients for some convolutions): one such update would inflate Adam's second moments
            // and stall learning for thousands of steps, so the step is dropped instead
            log.printf(Locale.ROOT, "%nskipping an update: gradient norm %.3g (typical %.3g)%s%n", norm,
                    gradientGuard.typical(), Double.isFinite(norm) ? "" : "; non-finite in " + ParameterGroup.nonFiniteGradients(g));
            ParameterGroup.clearNonFinite(all);
            return out;
        }
        g.forEach(ParameterGroup::step);
        ParameterGroup.clear(all);
        if (d != null) {
            discriminatorStep(model, real, fakeForD, t, d, all, out);
        }
        return out;
    }

    /**
     * The adversarial part's generator terms, weighted: hinge realness of the fake, feature matching
     * against the real frame's discriminator features, and the paper's match of the identity to the
     * discriminator's embedding of the video. {@code fake} as the discriminator sees it.
     */
    private NDArray adversarialTerms(LatentPoseModel model, NDArray fake, NDArray real, TrainingBatch.Tensors t,
                                     NDArray identity, Map<String, Float> out) {
        LossWeights w = config.weights();
        DiscriminatorOutput onFake = model.discriminate(fake, t.videoIds(), true);
        DiscriminatorOutput onReal = model.discriminate(discriminatorInput(model, real, t.mask()), t.videoIds(), true);
        NDArray adv = hinge.generator(onFake.realness());
        NDArray fm = featureMatching.compute(onFake.features(), onReal.features());
        NDArray emb = embeddingMatch.compute(identity, onFake.videoEmbedding());
        out.put("g_adv", adv.getFloat());
        out.put("fm", fm.getFloat());
        out.put("emb", emb.getFloat());
        return adv.mul(w.adversarial()).add(fm.mul(w.featureMatching())).add(emb.mul(w.embeddingMatch()));
    }

    /** One hinge step of the discriminator on the real frame and the (detached) fake. */
    private void discriminatorStep(LatentPoseModel model, NDArray real, NDArray fake, TrainingBatch.Tensors t,
                                   ParameterGroup d, List<Parameter> all, Map<String, Float> out) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            DiscriminatorOutput onReal = model.discriminate(discriminatorInput(model, real, t.mask()), t.videoIds(), true);
            DiscriminatorOutput onFake = model.discriminate(fake, t.videoIds(), true);
            NDArray dLoss = hinge.discriminator(onReal.realness(), onFake.realness());
            out.put("d", dLoss.getFloat());
            collector.backward(dLoss);
        }
        d.step();
        ParameterGroup.clear(all);
    }

    /**
     * One step of the warping renderer: the identity frames are the sources, warped to the augmented
     * pose frame's pose. Losses: masked reconstruction of the final and of the warped image with eyes
     * and mouth weighted up, the exact flow where the source shows the point, each source's trust in
     * its warp against that visibility ({@link #trustLoss}), the final image where no source shows
     * the point, flow smoothness, the blend weights against which source shows the point and whose
     * warp matches the target ({@link #blendTarget}), the amount of detail ({@link DetailLoss}) and dice;
     * with the adversarial part on, the same adversarial terms as the AdaIN generator's
     * ({@link #adversarialTerms}) and a discriminator step; with the mouth critic on, the output's
     * mouth opening as {@link MouthOpeningCritic} reads it against the target's (and one critic step).
     */
    private Map<String, Float> warpStep(NDManager sm, LatentPoseModel model, TrainingBatch batch,
                                        List<ParameterGroup> g, ParameterGroup d, List<Parameter> all,
                                        ExpressionReadout readout, MouthOpeningCritic critic) {
        TrainingBatch.Tensors t = batch.toTensors(sm);
        TrainingBatch.WarpTensors c = batch.warpTensors(sm);
        LossWeights w = config.weights();
        Map<String, Float> out = new LinkedHashMap<>();
        NDArray real = t.target().mul(t.mask());
        NDArray focus = t.mask().mul(c.regionWeights());
        NDArray fakeForD = null;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            long b = batch.batch();
            long k = batch.k();
            long s = batch.size();
            NDArray identity = model.identity(t.identity(), true);
            // one pose-encoder pass over driver and source frames together: two passes of different
            // batch sizes in one graph made libtorch's CPU convolution backward return garbage
            // gradients (1e17) and then corrupt the heap, within a few hundred steps
            boolean invariance = c.twins() != null; // the loader builds twins for the invariance terms alone
            NDArray frames = t.pose().concat(t.identity().reshape(b * k, 3, s, s), 0);
            NDArray poses = model.pose(invariance ? frames.concat(c.twins(), 0) : frames, true);
            NDArray pose = poses.get(new NDIndex("0:{}", b));
            NDArray sourcePoses = poses.get(new NDIndex("{}:{}", b, b + b * k)).reshape(b, k, -1);
            WarpedFrame f = model.warp(identity, pose, sourcePoses, t.identity(), c.sourceMasks(), true);
            NDArray rec = reconstruction.compute(f.image(), real)
                    .add(f.rgb().sub(t.target()).abs().mul(focus).mean().mul(REGION_L1));
            NDArray warpRec = f.warped().sub(t.target()).abs().mul(focus).mean();
            // eyes and mouth weighted up as in the image losses: their few pixels are what a
            // viewer reads expression from, and in a plain mean the head's rigid motion drowns them
            NDArray flowWeight = c.visible().mul(c.regionWeights().expandDims(1));
            NDArray flowErr = f.flows().sub(c.flows()).abs().mul(flowWeight).sum()
                    .div(flowWeight.sum().mul(2f).add(1f));
            NDArray anyVisible = c.visible().max(new int[] {1});
            // real video has no exact visibility: neither the trust nor the fill is scored there
            NDArray known = t.mask().mul(c.expressionKnown().reshape(b, 1, 1, 1));
            // the fill is shown only where the trust gives way: where only a source's expression hides the point
            NDArray hidden = anyVisible.neg().add(1f).mul(c.unlike().max(new int[] {1})).mul(known);
            NDArray occ = trustLoss(f.trust(), c.visible(), c.unlike(), known);
            NDArray fill = regionMean(f.fill().sub(t.target()).abs().mean(new int[] {1}, true), hidden);
            NDArray smooth = smoothness(f.flows().reshape(b * k, 2, s, s));
            NDArray blend = regionMean(blendTarget(bestSources(t.identity(), f.flows(), t.target()), c.visible())
                    .mul(f.logConfidence()).sum(new int[] {1}).neg(), t.mask());
            NDArray diceLoss = dice.compute(f.mask(), t.mask());
            NDArray sharpness = detail.compute(f.image(), real, t.mask());
            NDArray expression = readout.loss(pose, c.expressions(), c.expressionKnown());
            NDArray total = rec.mul(w.reconstruction()).add(warpRec.mul(WARP_REC))
                    .add(flowErr.mul(FLOW)).add(occ.mul(OCCLUSION)).add(smooth.mul(SMOOTH)).add(blend.mul(BLEND))
                    .add(expression.mul(EXPRESSION)).add(sharpness.mul(DETAIL)).add(fill.mul(FILL))
                    .add(diceLoss.mul(w.dice()));
            if (critic != null) {
                // the critic learns from the truth alone; the output's reading moves only the renderer
                NDArray taught = critic.loss(real, c.mouthOpening(), c.expressionKnown(), false);
                NDArray read = critic.loss(f.image(), c.mouthOpening(), c.expressionKnown(), true);
                total = total.add(taught).add(read.mul(w.mouthCritic()));
                out.put("critic", taught.getFloat());
                out.put("mouth_read", read.getFloat());
            }
            if (invariance) {
                NDArray twins = poses.get(new NDIndex("{}:", b + b * k));
                NDArray leak = poseInvariance.compute(pose, twins, c.crossDriven());
                total = total.add(leak.mul(w.poseInvariance()));
                out.put("invariance", leak.getFloat());
                if (w.flowInvariance() > 0) {
                    NDArray twinFlows = model.warp(identity.stopGradient(), twins.stopGradient(),
                            sourcePoses.stopGradient(), t.identity(), c.sourceMasks(), true).flows().stopGradient();
                    // the pull moves the driver's code alone: let the decoder learn from it and it makes
                    // every code drive much the same flow (weight 1000, 500 steps: flow error 1.24 / 0.98
                    // -> 1.74 / 1.64 px cross / self)
                    NDArray driverFlows = Ops.gradientToInputOnly(f.flows(), model.warp(identity, pose.stopGradient(),
                            sourcePoses, t.identity(), c.sourceMasks(), true).flows());
                    NDArray pull = flowInvariance.compute(driverFlows, twinFlows, t.mask(), c.crossDriven());
                    total = total.add(pull.mul(w.flowInvariance()));
                    out.put("flow_twin", pull.getFloat());
                }
            }
            out.put("rec", rec.getFloat());
            out.put("warp", warpRec.getFloat());
            out.put("flow", flowErr.getFloat());
            out.put("occ", occ.getFloat());
            // the share of person pixels a source does not show, and of those what only its expression hides
            out.put("hidden", c.visible().neg().add(1f).mul(known.expandDims(1)).sum()
                    .div(known.sum().mul(k).add(1f)).getFloat());
            out.put("unlike", c.unlike().mul(known.expandDims(1)).sum().div(known.sum().mul(k).add(1f)).getFloat());
            out.put("fill", fill.getFloat());
            out.put("blend", blend.getFloat());
            out.put("expr", expression.getFloat());
            out.put("detail", sharpness.getFloat());
            out.put("dice", diceLoss.getFloat());
            if (d != null) {
                NDArray fakeInput = discriminatorInput(model, f.image(), f.mask());
                total = total.add(adversarialTerms(model, fakeInput, real, t, identity, out));
                fakeForD = fakeInput.stopGradient();
            }
            float totalValue = total.getFloat();
            out.put("total", totalValue);
            if (!Float.isFinite(totalValue)) {
                log.printf(Locale.ROOT, "%nskipping a batch: loss not finite %s; non-finite weights: %s%n", out,
                        nonFiniteWeights(model));
                if (++nonFiniteSteps > MAX_NON_FINITE_STEPS) {
                    throw new TrainingDiverged("loss not finite for " + nonFiniteSteps + " steps in a row: " + out);
                }
                ParameterGroup.clear(all);
                clearSideParameters(readout, critic);
                return out;
            }
            nonFiniteSteps = 0;
            collector.backward(total);
        }
        double norm = ParameterGroup.gradientNorm(g);
        out.put("gnorm", (float) norm);
        if (!gradientGuard.accept(norm)) {
            log.printf(Locale.ROOT, "%nskipping an update: gradient norm %.3g (typical %.3g)%s%n", norm,
                    gradientGuard.typical(), Double.isFinite(norm) ? "" : "; non-finite in " + ParameterGroup.nonFiniteGradients(g));
            ParameterGroup.clearNonFinite(all);
            clearSideParameters(readout, critic);
            return out;
        }
        g.forEach(ParameterGroup::step);
        readout.step();
        if (critic != null) {
            critic.step();
        }
        ParameterGroup.clear(all);
        if (d != null) {
            discriminatorStep(model, real, fakeForD, t, d, all, out);
        }
        return out;
    }

    /** A dropped model update drops the readout's and the critic's (null when off) too. */
    private static void clearSideParameters(ExpressionReadout readout, MouthOpeningCritic critic) {
        readout.clear();
        if (critic != null) {
            critic.clear();
        }
    }

    private static List<String> nonFiniteWeights(LatentPoseModel model) {
        List<String> bad = new ArrayList<>();
        model.parameters().forEach((name, p) -> {
            try (NDArray finite = p.getArray().isInfinite().logicalOr(p.getArray().isNaN()).any()) {
                if (finite.getBoolean()) {
                    bad.add(name);
                }
            }
        });
        return bad;
    }

    /**
     * The blend each pixel should have had: most weight on the source whose warp matches the target
     * there (error averaged over cells of {@link #BLEND_CELL} px, so one noisy pixel does not decide).
     * Without it the softmax learned to average two sources with slightly different warps, which
     * showed every eye and mouth twice, faintly; a source with the target's expression should win.
     * Sources (B, K, 3, S, S), flows (B, K, 2, S, S), target (B, 3, S, S); returns (B, K, 1, S, S), no gradient.
     */
    private static NDArray bestSources(NDArray sources, NDArray flows, NDArray target) {
        Shape ss = sources.getShape();
        long b = ss.get(0);
        long k = ss.get(1);
        int s = (int) ss.get(3);
        NDArray warped = BilinearWarp.sample(sources.reshape(b * k, 3, s, s), flows.reshape(b * k, 2, s, s).stopGradient());
        NDArray err = warped.reshape(b, k, 3, s, s).sub(target.expandDims(1)).abs().mean(new int[] {2}, true)
                .reshape(b * k, 1, s, s);
        err = Ops.resize(Ops.resize(err, s / BLEND_CELL), s).reshape(b, k, 1, s, s);
        return err.mul(-1f / BLEND_TOLERANCE).softmax(1).stopGradient();
    }

    /**
     * Which sources the blend should use: among those that show the target's point (the exact
     * visibility, which knows an open mouth from a closed one where the colour error, averaged over
     * cells, barely does), the ones whose warp matches best; where none shows it, the best matches.
     * Best (B, K, 1, S, S) sums to 1 over K, visible (B, K, 1, S, S); returns the same shape, no gradient.
     */
    private static NDArray blendTarget(NDArray best, NDArray visible) {
        NDArray w = best.mul(visible.add(1e-3f));
        return w.div(w.sum(new int[] {1}, true)).stopGradient();
    }

    /**
     * Each source's trust in its warp: high where it shows the point, low where only its expression
     * keeps it from showing it (an open mouth's inside under closed lips, an open eye under a lid),
     * by a logistic loss on the logit (an L1 on the sigmoid left logits that had saturated at "trust"
     * with no gradient to unlearn it), one mean over both kinds of pixel (the hidden ones counted
     * {@link #HIDDEN_TRUST} times), so the trust gives way only
     * where it is sure: with the two kinds averaged apart, the few expression pixels outweighed the
     * rest and within 450 steps the trust had dropped over the whole face, the fill's blur with it
     * (sharpness 0.76 to 0.42). Points a turn hides are not scored: a nearby warped pixel stands in
     * for them better than the refiner's fill, and when they counted the trust learnt to doubt every
     * edge (sharpness 0.76 to 0.54 in 750 steps from the shipped weights, two sources per sample;
     * 0.66 after 1,050 steps with this loss, 0.67 after 4,550). The flow decoder's trust has not yet
     * learnt where an opening mouth is: after 4,550 steps its mean in the mouth box was 0.89-0.90
     * whether the driver's jaw was open wider than the warped frame's or not (alike after 1,100 steps
     * at ten times this loss's weight), so the refiner's fill shows no open mouth.
     * Trust (B, K, 1, S, S) logits, visible and unlike (B, K, 1, S, S), mask (B, 1, S, S).
     */
    private static NDArray trustLoss(NDArray trust, NDArray visible, NDArray unlike, NDArray mask) {
        NDArray person = mask.expandDims(1);
        NDArray shown = visible.mul(person);
        NDArray hidden = unlike.mul(person).mul(HIDDEN_TRUST);
        return softplus(trust).mul(hidden).add(softplus(trust.neg()).mul(shown)).sum()
                .div(shown.add(hidden).sum().add(1f));
    }

    /** log(1 + eˣ), without overflow. */
    private static NDArray softplus(NDArray x) {
        return x.maximum(0f).add(x.abs().neg().exp().add(1f).log());
    }

    /** Mean of {@code x} over the pixels {@code where} (0–1, same shape) marks. */
    private static NDArray regionMean(NDArray x, NDArray where) {
        return x.mul(where).sum().div(where.sum().add(1f));
    }

    /** Mean absolute difference of neighbouring flow vectors: a flow should move a face in one piece. */
    private static NDArray smoothness(NDArray flow) {
        NDArray dx = flow.get(new NDIndex(":, :, :, 1:")).sub(flow.get(new NDIndex(":, :, :, :-1")));
        NDArray dy = flow.get(new NDIndex(":, :, 1:, :")).sub(flow.get(new NDIndex(":, :, :-1, :")));
        return dx.abs().mean().add(dy.abs().mean());
    }

    /** The process's resident set size, to show that long runs do not leak native memory (-1 if unknown). */
    static long residentMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: nothing to report
        }
        return -1;
    }

    /** The discriminator sees image × mask, plus the mask as a 4th channel when its config asks for it. */
    private static NDArray discriminatorInput(LatentPoseModel model, NDArray image, NDArray mask) {
        return model.config().discriminatorSeesMask() ? image.concat(mask, 1) : image;
    }
}
