package io.reenact.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.reenact.model.discriminator.Discriminator;
import io.reenact.model.discriminator.DiscriminatorOutput;
import io.reenact.model.encoder.IdentityEncoder;
import io.reenact.model.encoder.PoseEncoder;
import io.reenact.model.encoder.ShiftedFrames;
import io.reenact.model.generator.AdaInParamsMlp;
import io.reenact.model.generator.Generator;
import io.reenact.model.generator.WarpRenderer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The networks of the paper together: identity encoder, pose encoder, AdaIN-parameter MLP,
 * generator and (for training) the projection discriminator. Training and inference share it.
 *
 * <p>All tensor methods take and return NDArrays; results live in the manager of the first input
 * (DJL's rule), so callers create their inputs in a per-step sub-manager and close it. Images are
 * float (B, 3, S, S) in [0, 1].
 *
 * <p>Parameters are grouped by {@link Part}; names are {@code part/blockpath} and are what
 * {@link WeightsFile} stores. The trainer updates {@link #generatorParameters()} and
 * {@link #encoderParameters()} with Adam (the pose encoder in a group of its own, so it can have
 * its own rate) and {@link #discriminatorParameters()} with another.
 */
public final class LatentPoseModel implements AutoCloseable {

    /** The separately trained (and separately saved) parts. */
    public enum Part {
        IDENTITY_ENCODER("identity_encoder"),
        POSE_ENCODER("pose_encoder"),
        MLP("mlp"),
        GENERATOR("generator"),
        WARP_RENDERER("warp_renderer"),
        DISCRIMINATOR("discriminator");

        private final String key;

        Part(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private final ModelConfig config;
    private final NDManager manager;
    private final IdentityEncoder identityEncoder;
    private final PoseEncoder poseEncoder;
    private final Generator generator;
    private final AdaInParamsMlp mlp;
    private final WarpRenderer warpRenderer;
    private final Discriminator discriminator;
    private final ParameterStore parameterStore;

    private LatentPoseModel(ModelConfig config, NDManager manager, int videoCount) {
        this.config = config;
        this.manager = manager;
        identityEncoder = new IdentityEncoder(config);
        poseEncoder = new PoseEncoder(config);
        if (config.warps()) {
            generator = null;
            mlp = null;
            warpRenderer = new WarpRenderer(config);
        } else {
            generator = new Generator(config);
            mlp = new AdaInParamsMlp(config.identityDim(), config.poseDim(), config.mlpHidden(),
                    generator.gammaPositions(), config.spectralNormMlp(), config.effectivePoseGain());
            warpRenderer = null;
        }
        discriminator = videoCount > 0 ? new Discriminator(config, videoCount) : null;
        parameterStore = new ParameterStore(manager, false);
    }

    /**
     * Builds and initialises the model with weights drawn from {@code seed} (the same seed gives
     * the same weights).
     *
     * @param parent     the model's parameters live in a sub-manager of it, closed by {@link #close()}
     * @param videoCount number of training videos for the discriminator's projection embedding;
     *                   0 builds no discriminator (inference, or fine-tuning without one)
     */
    public static LatentPoseModel create(ModelConfig config, NDManager parent, int videoCount, long seed) {
        NDManager m = parent.newSubManager();
        LatentPoseModel model = new LatentPoseModel(config, m, videoCount);
        synchronized (LatentPoseModel.class) {
            Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
            model.initialize();
        }
        return model;
    }

    private void initialize() {
        int s = config.imageSize();
        DataType f = DataType.FLOAT32;
        identityEncoder.initialize(manager, f, new Shape(1, 1, 3, s, s));
        poseEncoder.initialize(manager, f, new Shape(1, 3, s, s));
        if (warpRenderer != null) {
            warpRenderer.initialize(manager, f, new Shape(1, config.identityDim()), new Shape(1, config.poseDim()),
                    new Shape(1, 1, config.poseDim()), new Shape(1, 1, 3, s, s), new Shape(1, 1, 1, s, s));
        } else {
            mlp.initialize(manager, f, new Shape(1, config.identityDim()), new Shape(1, config.poseDim()));
            generator.initialize(manager, f, new Shape(1, generator.adaInParamCount()));
        }
        if (discriminator != null) {
            discriminator.initialize(manager, f, new Shape(1, discriminator.inputChannels(), s, s), new Shape(1));
        }
    }

    public ModelConfig config() {
        return config;
    }

    /** The manager holding the parameters (long-lived; never put per-step arrays in it). */
    public NDManager manager() {
        return manager;
    }

    public ParameterStore parameterStore() {
        return parameterStore;
    }

    // ---------------------------------------------------------------- forward passes

    /** (B, K, 3, S, S) → (B, identityDim): mean of the K frames' embeddings. */
    public NDArray identity(NDArray frames, boolean training) {
        return identityEncoder.forward(parameterStore, new NDList(frames), training).singletonOrThrow();
    }

    public NDArray identity(NDArray frames) {
        return identity(frames, false);
    }

    /**
     * (B, 3, S, S) → (B, poseDim). Not training, the code is the mean over the frames of {@link
     * ShiftedFrames}: what is served, fine-tuned on and evaluated.
     */
    public NDArray pose(NDArray frames, boolean training) {
        if (training) {
            return poseEncoder.forward(parameterStore, new NDList(frames), true).singletonOrThrow();
        }
        return ShiftedFrames.meanCode(poseEncoder, parameterStore, frames);
    }

    public NDArray pose(NDArray frames) {
        return pose(frames, false);
    }

    /** identity (B, identityDim) ⊕ pose (B, poseDim) → every AdaIN parameter (B, N). */
    public NDArray adaInParams(NDArray identity, NDArray pose, boolean training) {
        return mlp.forward(parameterStore, new NDList(identity, pose), training).singletonOrThrow();
    }

    /** Renders identity in pose: MLP then generator. */
    public GeneratedFrame render(NDArray identity, NDArray pose, boolean training) {
        return generate(adaInParams(identity, pose, training), training);
    }

    public GeneratedFrame render(NDArray identity, NDArray pose) {
        return render(identity, pose, false);
    }

    /** The generator alone, from AdaIN parameters (B, N). */
    public GeneratedFrame generate(NDArray adaInParams, boolean training) {
        NDList out = generator.forward(parameterStore, new NDList(adaInParams), training);
        return new GeneratedFrame(out.get(0), out.get(1));
    }

    /**
     * The warping renderer: the driver's pose (B, Dp) rendered from the avatar's K source frames
     * (B, K, 3, S, S), their masks (B, K, 1, S, S) and latent poses (B, K, Dp), and its identity.
     *
     * @throws IllegalStateException if the config renders with the AdaIN generator
     */
    public WarpedFrame warp(NDArray identity, NDArray pose, NDArray sourcePoses, NDArray sources, NDArray sourceMasks,
                            boolean training) {
        if (warpRenderer == null) {
            throw new IllegalStateException(config.name() + " renders with the AdaIN generator, not by warping");
        }
        NDList out = warpRenderer.forward(parameterStore,
                new NDList(identity, pose, sourcePoses, sources, sourceMasks), training);
        return new WarpedFrame(out.get(0), out.get(1), out.get(2), out.get(3), out.get(4), out.get(5), out.get(6),
                out.get(7), out.get(8));
    }

    /**
     * The discriminator on images (B, C, S, S) in [0, 1] of the given training videos (B).
     *
     * @throws IllegalStateException if the model was built without a discriminator
     */
    public DiscriminatorOutput discriminate(NDArray images, NDArray videoIds, boolean training) {
        Discriminator d = discriminator().orElseThrow(() -> new IllegalStateException("model built without discriminator"));
        return DiscriminatorOutput.of(d.forward(parameterStore, new NDList(images, videoIds), training));
    }

    // ---------------------------------------------------------------- blocks and parameters

    public IdentityEncoder identityEncoder() {
        return identityEncoder;
    }

    public PoseEncoder poseEncoder() {
        return poseEncoder;
    }

    public AdaInParamsMlp mlp() {
        return mlp;
    }

    public Generator generator() {
        return generator;
    }

    /** The warping renderer, or null when the config renders with the AdaIN generator. */
    public WarpRenderer warpRenderer() {
        return warpRenderer;
    }

    public Optional<Discriminator> discriminator() {
        return Optional.ofNullable(discriminator);
    }

    public Block block(Part part) {
        return switch (part) {
            case IDENTITY_ENCODER -> identityEncoder;
            case POSE_ENCODER -> poseEncoder;
            case MLP -> mlp;
            case GENERATOR -> generator;
            case WARP_RENDERER -> warpRenderer;
            case DISCRIMINATOR -> discriminator;
        };
    }

    public Set<Part> parts() {
        Set<Part> parts = EnumSet.allOf(Part.class);
        for (Part p : Part.values()) {
            if (block(p) == null) {
                parts.remove(p);
            }
        }
        return parts;
    }

    /**
     * Every parameter of the given parts (all present parts when none are given), in a stable
     * order, named {@code part/blockpath}. Includes non-trainable ones (spectral-norm vectors);
     * filter with {@link Parameter#requiresGradient()} before handing them to an optimiser.
     */
    public Map<String, Parameter> parameters(Part... parts) {
        Set<Part> wanted = parts.length == 0 ? parts() : EnumSet.copyOf(Arrays.asList(parts));
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Part p : Part.values()) {
            if (!wanted.contains(p) || block(p) == null) {
                continue;
            }
            for (Pair<String, Parameter> e : block(p).getParameters()) {
                out.put(p.key() + "/" + e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** Only the parameters that take gradients, of the given parts. */
    public Map<String, Parameter> trainableParameters(Part... parts) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        parameters(parts).forEach((name, p) -> {
            if (p.requiresGradient()) {
                out.put(name, p);
            }
        });
        return out;
    }

    /** Generator + MLP (or the warping renderer): the paper's "G" optimiser group, and what fine-tuning changes. */
    public Map<String, Parameter> generatorParameters() {
        return trainableParameters(Part.MLP, Part.GENERATOR, Part.WARP_RENDERER);
    }

    /** Identity + pose encoders (trained with G, frozen during fine-tuning). */
    public Map<String, Parameter> encoderParameters() {
        return trainableParameters(Part.IDENTITY_ENCODER, Part.POSE_ENCODER);
    }

    /** The discriminator's trainable parameters; empty when built without one. */
    public Map<String, Parameter> discriminatorParameters() {
        return discriminator == null ? Map.of() : trainableParameters(Part.DISCRIMINATOR);
    }

    /** Total number of scalar weights in the given parts (all when none given). */
    public long parameterCount(Part... parts) {
        long n = 0;
        for (Parameter p : parameters(parts).values()) {
            n += p.getArray().getShape().size();
        }
        return n;
    }

    /**
     * Copies the values of the named parameters of {@code other} into this model (same config),
     * in place, e.g. to refresh an EMA copy or to seed one model from another.
     */
    public void copyFrom(LatentPoseModel other, Part... parts) {
        Map<String, Parameter> mine = parameters(parts);
        Map<String, Parameter> theirs = other.parameters(parts);
        for (Map.Entry<String, Parameter> e : mine.entrySet()) {
            Parameter src = theirs.get(e.getKey());
            if (src == null) {
                throw new IllegalArgumentException("no parameter " + e.getKey() + " in the other model");
            }
            src.getArray().copyTo(e.getValue().getArray());
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
