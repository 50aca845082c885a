package io.reenact.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A set of parameters with its own Adam optimiser (the paper trains G-side and discriminator with
 * separate ones). DJL's PyTorch gradient collector accumulates gradients and never clears them, so
 * the group clears its gradients after each update, and {@link #clear(Collection)} clears any
 * parameters that picked up gradients from another group's loss (e.g. D during the G step).
 */
public final class ParameterGroup {

    private final String name;
    private final Map<String, Parameter> parameters;
    private final Optimizer optimizer;

    public ParameterGroup(String name, Map<String, Parameter> parameters, float learningRate, float beta1, float beta2) {
        this.name = name;
        this.parameters = parameters;
        this.optimizer = Optimizer.adam()
                .optLearningRateTracker(Tracker.fixed(learningRate))
                .optBeta1(beta1)
                .optBeta2(beta2)
                .build();
    }

    String name() {
        return name;
    }

    Map<String, Parameter> parameters() {
        return parameters;
    }

    /** One Adam update of every parameter that received a gradient, then clears the gradients. */
    public void step() {
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            NDArray weight = e.getValue().getArray();
            NDArray grad = gradientOrNull(weight);
            if (grad == null) {
                continue;
            }
            try (grad) {
                optimizer.update(name + ":" + e.getKey(), weight, grad);
                grad.muli(0f);
            }
        }
    }

    /** Names of the parameters whose gradient holds NaN or infinity (to say where a bad step came from). */
    public List<String> nonFiniteGradients() {
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            NDArray grad = gradientOrNull(e.getValue().getArray());
            if (grad != null) {
                try (grad; NDArray any = grad.isNaN().logicalOr(grad.isInfinite()).any();
                     NDArray max = grad.abs().max()) {
                    if (any.getBoolean() || max.getFloat() > 1e6f) {
                        bad.add(e.getKey() + (any.getBoolean() ? "" : " (max " + max.getFloat() + ")"));
                    }
                }
            }
        }
        return bad;
    }

    /** Global L2 norm of the gradients several groups hold now, as if they were one. */
    public static double gradientNorm(List<ParameterGroup> groups) {
        double sum = 0;
        for (ParameterGroup group : groups) {
            double n = group.gradientNorm();
            sum += n * n;
        }
        return Math.sqrt(sum);
    }

    /** {@link #nonFiniteGradients()} of several groups. */
    public static List<String> nonFiniteGradients(List<ParameterGroup> groups) {
        List<String> bad = new ArrayList<>();
        groups.forEach(group -> bad.addAll(group.nonFiniteGradients()));
        return bad;
    }

    /** Global L2 norm of the gradients the group holds now (0 when none has one yet). */
    public double gradientNorm() {
        double sum = 0;
        for (Parameter p : parameters.values()) {
            NDArray grad = gradientOrNull(p.getArray());
            if (grad != null) {
                try (grad; NDArray sq = grad.square(); NDArray total = sq.sum()) {
                    sum += total.getFloat();
                }
            }
        }
        return Math.sqrt(sum);
    }

    public void clear() {
        clear(parameters.values());
    }

    public static void clear(Collection<Parameter> params) {
        for (Parameter p : params) {
            NDArray grad = gradientOrNull(p.getArray());
            if (grad != null) {
                try (grad) {
                    grad.muli(0f);
                }
            }
        }
    }

    /**
     * Clears gradients that may hold NaN or infinity (after a dropped update): 0 × NaN is NaN, so
     * {@link #clear} would leave them poisoned and every later step would be dropped too.
     */
    public static void clearNonFinite(Collection<Parameter> params) {
        for (Parameter p : params) {
            NDArray grad = gradientOrNull(p.getArray());
            if (grad != null) {
                try (grad) {
                    zeroInPlace(grad);
                }
            }
        }
    }

    /**
     * Writes zeros into {@code array}'s own buffer (an indexed put). Not {@code copyTo} or
     * {@code set(Buffer)}: DJL's PyTorch engine makes those swap the tensor's storage for a Java
     * direct buffer that only the receiving wrapper keeps alive, so on a temporary wrapper (a
     * gradient view) the garbage collector frees memory the tensor still writes into.
     */
    public static void zeroInPlace(NDArray array) {
        array.set(new NDIndex("..."), 0f);
    }

    /** The gradient buffer, or null before the first backward pass that reached this parameter. */
    private static NDArray gradientOrNull(NDArray weight) {
        if (!weight.hasGradient()) {
            return null;
        }
        try {
            return weight.getGradient();
        } catch (IllegalStateException | ai.djl.engine.EngineException e) {
            return null;
        }
    }
}
