package io.reenact.model.train;

import ai.djl.ndarray.NDManager;
import io.reenact.model.LatentPoseModel;
import io.reenact.model.ModelConfig;
import io.reenact.model.WeightsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an exported inference checkpoint ({@code config.json} + {@code model.weights}, as written by
 * the trainer's export) into a {@link LatentPoseModel} without discriminator, for evaluation and
 * fine-tuning. A training run directory works too: its {@code export/} is used.
 */
public final class ExportedModel {

    private ExportedModel() {
    }

    public static LatentPoseModel load(Path dir, NDManager manager) throws IOException {
        if (!Files.exists(dir.resolve("config.json")) && Files.exists(dir.resolve("export").resolve("config.json"))) {
            dir = dir.resolve("export");
        }
        ModelConfig config = ModelConfig.fromJson(Files.readString(dir.resolve("config.json")));
        LatentPoseModel model = LatentPoseModel.create(config, manager, 0, 0);
        WeightsFile.load(dir.resolve("model.weights"), model.parameters(Ema.G_SIDE), true);
        return model;
    }
}
