package io.reenact.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * One step's data as plain arrays (built off the training thread, no native memory):
 * B samples of K identity frames, the augmented pose frame, the target and its mask, and the
 * training-video index of each sample (for the projection discriminator).
 */
record TrainingBatch(int batch, int k, int size, float[] identity, float[] pose, float[] target, float[] mask,
                     int[] videoIds) {

    /** The batch as NDArrays in {@code m}: identity (B, K, 3, S, S), pose/target (B, 3, S, S), mask (B, 1, S, S), ids (B). */
    Tensors toTensors(NDManager m) {
        return new Tensors(
                m.create(identity, new Shape(batch, k, 3, size, size)),
                m.create(pose, new Shape(batch, 3, size, size)),
                m.create(target, new Shape(batch, 3, size, size)),
                m.create(mask, new Shape(batch, 1, size, size)),
                m.create(videoIds).toType(DataType.INT64, false));
    }

    record Tensors(NDArray identity, NDArray pose, NDArray target, NDArray mask, NDArray videoIds) {
    }
}
