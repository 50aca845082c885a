package io.reenact.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.reenact.model.generator.AdaInParamsMlp;
import io.reenact.model.generator.Generator;
import io.reenact.model.generator.WarpRenderer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One avatar's fine-tuned renderer: the AdaIN generator and MLP (the paper fine-tunes exactly
 * these, plus the identity vector), or a warping model's whole {@link WarpRenderer}; held as their
 * own blocks so many avatars can be rendered concurrently by one {@link Reenactor}. Load once per
 * avatar with {@link Reenactor#loadGeneratorWeights(byte[])}, cache it (about 4 M floats for
 * cpu-128, 0.6 M for warp-128), and {@link #close()} it when the avatar goes away.
 *
 * <p>The bytes are a {@link WeightsFile} holding every parameter of the parts
 * {@link #parts} names (names as {@link LatentPoseModel#parameters}) and optionally a
 * tensor named {@value #IDENTITY}: the fine-tuned identity embedding.
 */
public final class GeneratorWeights implements AutoCloseable {

    public static final String IDENTITY = "identity";

    private final NDManager manager;
    private final AdaInParamsMlp mlp;
    private final Generator generator;
    private final WarpRenderer warpRenderer;
    private final float[] identity;

    private GeneratorWeights(NDManager manager, AdaInParamsMlp mlp, Generator generator, WarpRenderer warpRenderer,
                             float[] identity) {
        this.manager = manager;
        this.mlp = mlp;
        this.generator = generator;
        this.warpRenderer = warpRenderer;
        this.identity = identity;
    }

    /** What per-person fine-tuning changes, and so what a fine-tuned avatar carries. */
    public static LatentPoseModel.Part[] parts(ModelConfig config) {
        return config.warps()
                ? new LatentPoseModel.Part[] {LatentPoseModel.Part.WARP_RENDERER}
                : new LatentPoseModel.Part[] {LatentPoseModel.Part.MLP, LatentPoseModel.Part.GENERATOR};
    }

    static GeneratorWeights load(ModelConfig config, NDManager parent, byte[] weightsFile) {
        Map<String, WeightsFile.Tensor> tensors;
        try {
            tensors = new LinkedHashMap<>(WeightsFile.read(weightsFile));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable generator weights", e);
        }
        WeightsFile.Tensor id = tensors.remove(IDENTITY);
        if (id != null && id.values().length != config.identityDim()) {
            throw new IllegalArgumentException("identity has " + id.values().length + " values, config wants " + config.identityDim());
        }
        NDManager m = parent.newSubManager();
        try {
            if (config.warps()) {
                WarpRenderer r = new WarpRenderer(config);
                int k = WarpSources.SERVING;
                int s = config.imageSize();
                r.initialize(m, DataType.FLOAT32, new Shape(1, config.identityDim()), new Shape(1, config.poseDim()),
                        new Shape(1, k, config.poseDim()), new Shape(1, k, 3, s, s), new Shape(1, k, 1, s, s));
                Map<String, Parameter> params = new LinkedHashMap<>();
                name(params, LatentPoseModel.Part.WARP_RENDERER, r);
                WeightsFile.load(tensors, params, true);
                r.freezeParameters(true);
                r.precomputeUpsampling();
                return new GeneratorWeights(m, null, null, r, id == null ? null : id.values());
            }
            Generator g = new Generator(config);
            AdaInParamsMlp mlp = new AdaInParamsMlp(config.identityDim(), config.poseDim(), config.mlpHidden(),
                    g.gammaPositions(), config.spectralNormMlp(), config.effectivePoseGain());
            g.initialize(m, DataType.FLOAT32, new Shape(1, g.adaInParamCount()));
            mlp.initialize(m, DataType.FLOAT32, new Shape(1, config.identityDim()), new Shape(1, config.poseDim()));
            Map<String, Parameter> params = new LinkedHashMap<>();
            name(params, LatentPoseModel.Part.MLP, mlp);
            name(params, LatentPoseModel.Part.GENERATOR, g);
            WeightsFile.load(tensors, params, true);
            // inference only: no autograd graph per rendered frame
            mlp.freezeParameters(true);
            g.freezeParameters(true);
            g.precomputeUpsampling();
            return new GeneratorWeights(m, mlp, g, null, id == null ? null : id.values());
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    private static void name(Map<String, Parameter> out, LatentPoseModel.Part part, ai.djl.nn.Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.put(part.key() + "/" + p.getKey(), p.getValue());
        }
    }

    /**
     * Serialises a model's fine-tuned parts (e.g. after fine-tuning) and optionally the
     * fine-tuned identity, in the format {@link Reenactor#loadGeneratorWeights(byte[])} reads.
     *
     * @param identity may be null
     */
    public static byte[] toBytes(LatentPoseModel model, float[] identity, WeightsFile.Precision precision) {
        Map<String, WeightsFile.Tensor> tensors = WeightsFile.tensorsOf(
                model.parameters(parts(model.config())));
        if (identity != null) {
            tensors.put(IDENTITY, new WeightsFile.Tensor(new long[] {identity.length}, identity.clone()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            WeightsFile.write(out, tensors, precision);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The fine-tuned identity embedding, when the weights carry one. */
    public Optional<float[]> identity() {
        return Optional.ofNullable(identity).map(float[]::clone);
    }

    AdaInParamsMlp mlp() {
        return mlp;
    }

    Generator generator() {
        return generator;
    }

    /** The tuned warping renderer; null for the AdaIN generator's weights. */
    WarpRenderer warpRenderer() {
        return warpRenderer;
    }

    @Override
    public void close() {
        manager.close();
    }
}
