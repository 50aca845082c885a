package io.reenact.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.reenact.model.generator.AdaInParamsMlp;
import io.reenact.model.generator.Generator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One avatar's fine-tuned generator and MLP (the paper fine-tunes exactly these, plus the
 * identity vector), held as their own blocks so many avatars can be rendered concurrently by one
 * {@link Reenactor}. Load once per avatar with {@link Reenactor#loadGeneratorWeights(byte[])},
 * cache it (about 4 M floats for cpu-128), and {@link #close()} it when the avatar goes away.
 *
 * <p>The bytes are a {@link WeightsFile} holding every {@code mlp/…} and {@code generator/…}
 * parameter (names as {@link LatentPoseModel#parameters}) and optionally a tensor named
 * {@value #IDENTITY}: the fine-tuned identity embedding.
 */
public final class GeneratorWeights implements AutoCloseable {

    public static final String IDENTITY = "identity";

    private final NDManager manager;
    private final AdaInParamsMlp mlp;
    private final Generator generator;
    private final float[] identity;

    private GeneratorWeights(NDManager manager, AdaInParamsMlp mlp, Generator generator, float[] identity) {
        this.manager = manager;
        this.mlp = mlp;
        this.generator = generator;
        this.identity = identity;
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
            return new GeneratorWeights(m, mlp, g, id == null ? null : id.values());
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
     * Serialises a model's MLP and generator (e.g. after fine-tuning) and optionally the
     * fine-tuned identity, in the format {@link Reenactor#loadGeneratorWeights(byte[])} reads.
     *
     * @param identity may be null
     */
    public static byte[] toBytes(LatentPoseModel model, float[] identity, WeightsFile.Precision precision) {
        Map<String, WeightsFile.Tensor> tensors = WeightsFile.tensorsOf(
                model.parameters(LatentPoseModel.Part.MLP, LatentPoseModel.Part.GENERATOR));
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

    @Override
    public void close() {
        manager.close();
    }
}
