package io.reenact.model.encoder;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.reenact.model.LatentPoseModel;
import io.reenact.model.ModelConfig;
import io.reenact.model.train.TinyModel;
import org.junit.jupiter.api.Test;

/** Where the head is in the frame must reach the pose vector: a pose encoder blind to it cannot drive translation. */
class PoseEncoderTest {

    @Test
    void aShiftedHeadMovesTheGridPooledPoseButNotTheGloballyPooledOne() {
        try (NDManager root = NDManager.newBaseManager()) {
            double grid = relativeChangeUnderShift(root, TinyModel.config(4));
            double global = relativeChangeUnderShift(root, TinyModel.config(0));
            // four stride-2 convs are equivariant to an 8-px shift, so a global mean cannot see it at all
            assertTrue(global < 1e-4, "global pooling saw the shift: " + global);
            assertTrue(grid > 0.05, "grid pooling did not see the shift: " + grid);
        }
    }

    /** ‖pose(x) − pose(x shifted 8 px right)‖ / ‖pose(x)‖ for a bright square on black, away from the borders. */
    private static double relativeChangeUnderShift(NDManager root, ModelConfig config) {
        try (LatentPoseModel model = LatentPoseModel.create(config, root, 0, 11);
             NDManager sm = root.newSubManager()) {
            NDArray frames = sm.zeros(new Shape(2, 3, 32, 32));
            frames.set(new NDIndex("0, :, 8:16, 4:12"), 1f);
            frames.set(new NDIndex("1, :, 8:16, 12:20"), 1f);
            // the encoder block itself: the served code also averages shifted copies (ShiftedFrames)
            NDArray pose = model.poseEncoder().forward(model.parameterStore(), new NDList(frames), false)
                    .singletonOrThrow();
            NDArray a = pose.get(0);
            NDArray b = pose.get(1);
            return a.sub(b).norm().getFloat() / Math.max(1e-12, a.norm().getFloat());
        }
    }
}
