package io.reenact.model;

import io.reenact.model.segmenter.Segmenter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The layout of an inference checkpoint directory, as {@link Reenactor#load(Path)} reads it:
 * <ul>
 *   <li>{@code config.json} — the {@link ModelConfig};</li>
 *   <li>{@code model.weights} — encoders, MLP and generator ({@link WeightsFile}, fp16), no
 *       discriminator;</li>
 *   <li>{@code segmenter.weights} — optional, the synthetic-domain {@link Segmenter};</li>
 *   <li>{@code expression.json} — optional, the {@link ExpressionReading} a warping model chooses
 *       the avatar frame it warps by.</li>
 * </ul>
 */
public final class InferenceCheckpoint {

    public static final String CONFIG = "config.json";
    public static final String MODEL = "model.weights";
    public static final String SEGMENTER = "segmenter.weights";

    private InferenceCheckpoint() {
    }

    /** The parameters an inference checkpoint holds (everything but the discriminator). */
    public static Map<String, ai.djl.nn.Parameter> inferenceParameters(LatentPoseModel model) {
        return model.parameters(LatentPoseModel.Part.IDENTITY_ENCODER, LatentPoseModel.Part.POSE_ENCODER,
                LatentPoseModel.Part.MLP, LatentPoseModel.Part.GENERATOR, LatentPoseModel.Part.WARP_RENDERER);
    }

    /**
     * Writes config, model weights and (when given) segmenter weights to {@code dir}.
     *
     * @param segmenter may be null
     */
    public static void write(Path dir, LatentPoseModel model, Segmenter segmenter, WeightsFile.Precision precision)
            throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(CONFIG), model.config().toJson(), StandardCharsets.UTF_8);
        WeightsFile.write(dir.resolve(MODEL), inferenceParameters(model), precision);
        if (segmenter != null) {
            WeightsFile.write(dir.resolve(SEGMENTER), segmenter.namedParameters(), precision);
        }
    }

    /** Writes only the segmenter's weights into an existing checkpoint directory. */
    public static void writeSegmenter(Path dir, Segmenter segmenter, WeightsFile.Precision precision) throws IOException {
        Files.createDirectories(dir);
        WeightsFile.write(dir.resolve(SEGMENTER), new LinkedHashMap<>(segmenter.namedParameters()), precision);
    }
}
