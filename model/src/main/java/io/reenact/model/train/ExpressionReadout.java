package io.reenact.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.reenact.model.data.HeadPose;
import java.util.List;

/**
 * A linear readout of the true expression from the pose code, trained beside the model on synthetic
 * data only and never shipped. Its loss makes the code carry jaw, smile, blink, brows and gaze in
 * directions of its own choosing, so the renderer can be told about them; trained by reconstruction
 * alone the low-capacity code carried the head's rotation and position and no expression (linear-probe
 * R² of jaw 0.09, blink and smile ≈ 0 at 13,600 steps). Holding fixed code entries to the expression
 * instead fought the renderer, which reads those entries for pose: 600 steps barely moved them.
 * Not checkpointed: a resumed run relearns it in a few dozen steps.
 */
final class ExpressionReadout implements AutoCloseable {

    private static final float LEARNING_RATE = 1e-2f;

    private final NDManager manager;
    private final NDArray weight;
    private final NDArray bias;
    private final SideParameters trained;

    ExpressionReadout(NDManager parent, int poseDim) {
        manager = parent.newSubManager();
        // not zeros: a zero readout passes no gradient to a code that does not yet carry the expression
        weight = manager.randomNormal(0f, 1f / (float) Math.sqrt(poseDim), new Shape(poseDim, HeadPose.EXPRESSIONS),
                ai.djl.ndarray.types.DataType.FLOAT32);
        bias = manager.zeros(new Shape(1, HeadPose.EXPRESSIONS));
        trained = new SideParameters("readout", List.of(weight, bias), LEARNING_RATE);
    }

    /**
     * Mean squared error of the readout over the samples whose expression is known.
     *
     * @param pose        pose codes (B, D)
     * @param expressions true expressions (B, E)
     * @param known       1 where a sample's expression is known (B, 1)
     */
    NDArray loss(NDArray pose, NDArray expressions, NDArray known) {
        NDArray predicted = pose.matMul(weight).add(bias);
        return predicted.sub(expressions).square().mul(known).sum()
                .div(known.sum().mul((float) HeadPose.EXPRESSIONS).add(1e-6f));
    }

    /** One Adam update of the readout from the gradient of the last backward pass, then clears it. */
    void step() {
        trained.step();
    }

    /** Drops the last gradient (a dropped model update drops the readout's too). */
    void clear() {
        trained.clear();
    }

    @Override
    public void close() {
        manager.close();
    }
}
