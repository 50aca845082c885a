package io.reenact.model.train;

import io.reenact.model.ModelConfig;
import io.reenact.model.data.Split;
import io.reenact.model.data.SyntheticHeads;
import io.reenact.model.data.SyntheticVideoDataset;
import java.nio.file.Path;
import java.util.List;

/** A 32×32 configuration with every part of cpu-128 but a fraction of the widths, so tests train in seconds. */
public final class TinyModel {

    private TinyModel() {
    }

    public static ModelConfig config() {
        return config(4);
    }

    /** The same with another pose head: 0 pools to one value per channel (the old layout). */
    public static ModelConfig config(int poseLayoutCells) {
        return new ModelConfig("test-32", 32, 32, 8,
                new int[] {8, 16, 32}, new int[] {8, 16}, 64,
                32, 1, new int[] {32, 16, 8},
                new int[] {8, 16, 32}, false,
                new int[] {4, 8}, true, true, 1f, poseLayoutCells, null, null, 0, null, 0f, 0, 0f);
    }

    /** A warping renderer of the same scale (flow at 8 and 16 px). */
    public static ModelConfig warpConfig() {
        return new ModelConfig("test-warp-32", 32, 32, 8,
                new int[] {8, 16, 32}, new int[] {8, 16}, 64,
                0, 0, new int[0],
                new int[] {8, 16, 32}, false,
                new int[] {4, 8}, true, true, 1f, 4, ModelConfig.WARP, new int[] {16, 8}, 8, ModelConfig.BICUBIC, 4f, 2, 0f);
    }

    public static SyntheticVideoDataset dataset(int identities) {
        return new SyntheticVideoDataset(new SyntheticHeads(5), Split.TRAIN, identities, 1, 16, 32);
    }

    public static TrainConfig train(Path out, int steps, int checkpointEvery, boolean adversarial) {
        return new TrainConfig(config(), out, steps, 4, 2, 5e-4f, 5e-4f, 0f, 0f, 0.999f, 0.999f, checkpointEvery,
                adversarial, true, LossWeights.defaults(), 8, 16, null, 3L, List.of("test"), null);
    }
}
