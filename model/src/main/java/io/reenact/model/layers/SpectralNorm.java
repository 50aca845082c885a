package io.reenact.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.NormalInitializer;

/**
 * Spectral normalisation (Miyato et al. 2018): the weight is divided by an estimate of its largest
 * singular value, kept by one power-iteration step per training forward pass. The estimate vector
 * {@code u} is a non-trainable parameter so it travels with saved weights.
 */
final class SpectralNorm {

    private static final float EPS = 1e-12f;

    private SpectralNorm() {
    }

    static Parameter vectorParameter(int rows) {
        return Parameter.builder()
                .setName("sn_u")
                .setType(Parameter.Type.RUNNING_MEAN)
                .optShape(new Shape(rows))
                .optInitializer(new NormalInitializer(1f))
                .optRequiresGrad(false)
                .build();
    }

    /**
     * Returns {@code weight / sigma}, attached to {@code scope} (the manager of the activations) so
     * nothing lands in the parameters' long-lived manager.
     */
    static NDArray normalise(NDArray weight, NDArray u, boolean training, NDManager scope) {
        NDArray out = weight.div(sigma(weight, u, training, scope));
        out.attach(scope);
        return out;
    }

    /** The estimate of the weight's largest singular value, shape (1), attached to {@code scope}. */
    static NDArray sigma(NDArray weight, NDArray u, boolean training, NDManager scope) {
        long rows = weight.getShape().get(0);
        NDArray w = weight.reshape(rows, -1);
        w.attach(scope);
        NDArray wFixed = w.stopGradient();
        wFixed.attach(scope);
        NDArray uCol = u.reshape(rows, 1);
        uCol.attach(scope);
        NDArray v = unit(wFixed.transpose().matMul(uCol));
        NDArray uNew = unit(wFixed.matMul(v));
        if (training) {
            // a plain copy of a small vector keeps the update outside the autograd graph
            u.set(uNew.toFloatArray());
        }
        return uNew.transpose().matMul(w.matMul(v)).reshape(1);
    }

    private static NDArray unit(NDArray x) {
        return x.div(x.norm().add(EPS));
    }
}
