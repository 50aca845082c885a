package io.reenact.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;

/**
 * Arrays trained beside the model and never shipped (the expression readout's, the mouth critic's),
 * with an Adam of their own: they learn from the same backward pass as the model, and a dropped model
 * update drops theirs.
 */
final class SideParameters {

    private final String name;
    private final List<NDArray> arrays;
    private final Optimizer optimizer;

    /** {@code arrays} are set to require gradients here. */
    SideParameters(String name, List<NDArray> arrays, float learningRate) {
        this.name = name;
        this.arrays = List.copyOf(arrays);
        this.arrays.forEach(a -> a.setRequiresGradient(true));
        optimizer = Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build();
    }

    /** One Adam update of each array from the gradient of the last backward pass, then clears it. */
    void step() {
        for (int i = 0; i < arrays.size(); i++) {
            NDArray a = arrays.get(i);
            if (a.hasGradient()) {
                try (NDArray grad = a.getGradient()) {
                    optimizer.update(name + i, a, grad);
                    ParameterGroup.zeroInPlace(grad);
                }
            }
        }
    }

    /** Drops the last gradient. */
    void clear() {
        for (NDArray a : arrays) {
            if (a.hasGradient()) {
                try (NDArray grad = a.getGradient()) {
                    ParameterGroup.zeroInPlace(grad);
                }
            }
        }
    }
}
