package io.reenact.model.loss;

import ai.djl.ndarray.NDArray;

/**
 * The hinge adversarial loss used by the paper (as in SAGAN / projection discriminators).
 * Discriminator: mean(relu(1 − D(real))) + mean(relu(1 + D(fake))). Generator: −mean(D(fake)).
 */
public final class HingeLoss {

    public NDArray discriminator(NDArray realScores, NDArray fakeScores) {
        NDArray real = realScores.neg().add(1f).maximum(0f).mean();
        NDArray fake = fakeScores.add(1f).maximum(0f).mean();
        return real.add(fake);
    }

    public NDArray generator(NDArray fakeScores) {
        return fakeScores.mean().neg();
    }
}
