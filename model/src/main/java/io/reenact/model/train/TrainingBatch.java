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
                     int[] videoIds, Correspondence correspondence) {

    /**
     * What the warping renderer also trains on (null for the AdaIN generator): the identity frames'
     * masks (B·K·S²), the exact flow from each target back to each identity frame (B·K·2·S²,
     * normalised), where that flow is valid (B·K·S²), where only the source's expression hides the
     * point (B·K·S², see {@link io.reenact.model.data.TrueFlow#unlike}), per-pixel loss weights that favour eyes
     * and mouth (B·S²), each target's true expression (B·E) with 1 where it is known (B), its mouth's
     * opening from its exact landmarks ({@link MouthOpeningCritic#opening}; B, 0 where unknown), and 1 where
     * the pose frame shows another person in the target's exact pose (B); with the pose invariance
     * loss also the twins (B·3·S²): each target as the pose encoder would see it in its driver's place,
     * distorted by the very draws of the augmentation its driver frame had (the pose frame itself
     * where the target drives itself), else null.
     */
    record Correspondence(float[] sourceMasks, float[] flows, float[] visible, float[] unlike, float[] regionWeights,
                          float[] expressions, float[] expressionKnown, float[] mouthOpening, float[] crossDriven,
                          float[] twins) {
    }

    /** The correspondence arrays as NDArrays in {@code m}. */
    WarpTensors warpTensors(NDManager m) {
        Correspondence c = correspondence;
        return new WarpTensors(
                owned(m, c.sourceMasks(), new Shape(batch, k, 1, size, size)),
                owned(m, c.flows(), new Shape(batch, k, 2, size, size)),
                owned(m, c.visible(), new Shape(batch, k, 1, size, size)),
                owned(m, c.unlike(), new Shape(batch, k, 1, size, size)),
                owned(m, c.regionWeights(), new Shape(batch, 1, size, size)),
                owned(m, c.expressions(), new Shape(batch, c.expressions().length / batch)),
                owned(m, c.expressionKnown(), new Shape(batch, 1)),
                owned(m, c.mouthOpening(), new Shape(batch, 1)),
                owned(m, c.crossDriven(), new Shape(batch)),
                c.twins() == null ? null : owned(m, c.twins(), new Shape(batch, 3, size, size)));
    }

    /** {@code twins} is null where the batch has none. */
    record WarpTensors(NDArray sourceMasks, NDArray flows, NDArray visible, NDArray unlike, NDArray regionWeights,
                       NDArray expressions, NDArray expressionKnown, NDArray mouthOpening, NDArray crossDriven,
                       NDArray twins) {
    }

    /** The batch as NDArrays in {@code m}: identity (B, K, 3, S, S), pose/target (B, 3, S, S), mask (B, 1, S, S), ids (B). */
    Tensors toTensors(NDManager m) {
        return new Tensors(
                owned(m, identity, new Shape(batch, k, 3, size, size)),
                owned(m, pose, new Shape(batch, 3, size, size)),
                owned(m, target, new Shape(batch, 3, size, size)),
                owned(m, mask, new Shape(batch, 1, size, size)),
                m.create(videoIds).toType(DataType.INT64, false));
    }

    /**
     * An array whose memory libtorch owns. On CPU, DJL wraps a Java buffer without copying it, and
     * the buffer is garbage once the step's manager closes; if autograd ever kept such a tensor (or
     * made a parameter's gradient of it) past the step, it would read and write freed memory, which
     * is what NaN gradients out of nowhere and crashes inside malloc looked like in training.
     */
    static NDArray owned(NDManager m, float[] data, Shape shape) {
        try (NDArray wrapped = m.create(data, shape)) {
            return wrapped.duplicate();
        }
    }

    record Tensors(NDArray identity, NDArray pose, NDArray target, NDArray mask, NDArray videoIds) {
    }
}
