package io.reenact.model.train;

import ai.djl.ndarray.NDManager;
import io.reenact.model.ExpressionReading;
import io.reenact.model.LatentPoseModel;
import io.reenact.model.ModelConfig;
import io.reenact.model.WeightsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an exported inference checkpoint ({@code config.json} + {@code model.weights}, as written by
 * the trainer's export) into a {@link LatentPoseModel} without discriminator, for evaluation and
 * fine-tuning. A training run directory works too (its export, or while it trains its newest checkpoint's
 * EMA weights), and so does a single checkpoint directory.
 */
public final class ExportedModel {

    private ExportedModel() {
    }

    public static LatentPoseModel load(Path dir, NDManager manager) throws IOException {
        Path weights = weightsIn(dir);
        Path configFile = weights.resolveSibling("config.json");
        ModelConfig config = Files.exists(configFile)
                ? ModelConfig.fromJson(Files.readString(configFile))
                : ModelConfig.byName(new com.google.gson.Gson().fromJson(
                        Files.readString(weights.resolveSibling("state.json")), Checkpoints.State.class).model());
        LatentPoseModel model = LatentPoseModel.create(config, manager, 0, 0);
        WeightsFile.load(weights, model.parameters(Ema.G_SIDE), true);
        return model;
    }

    /** The {@link ExpressionReading} beside the weights a directory stands for, or null when there is none. */
    public static ExpressionReading expressionReading(Path dir) throws IOException {
        return ExpressionReading.in(weightsIn(dir).getParent());
    }

    /**
     * The G-side weights a directory stands for: an export ({@code model.weights}), a run directory
     * (its {@code export/}, or while it is still training its newest checkpoint's EMA weights), or a
     * checkpoint directory ({@code ema.weights}).
     */
    static Path weightsIn(Path dir) throws IOException {
        if (Files.exists(dir.resolve("config.json")) && Files.exists(dir.resolve("model.weights"))
                && !Files.exists(dir.resolve("state.json"))) {
            return dir.resolve("model.weights");
        }
        if (Files.exists(dir.resolve("export").resolve("model.weights"))) {
            return dir.resolve("export").resolve("model.weights");
        }
        if (Files.exists(dir.resolve("state.json"))) {
            return dir.resolve("ema.weights");
        }
        Path newest = Checkpoints.newestComplete(dir);
        if (newest != null) {
            return newest.resolve("ema.weights");
        }
        throw new IOException("no checkpoint in " + dir + " (expected config.json + model.weights, export/, or checkpoints/)");
    }
}
