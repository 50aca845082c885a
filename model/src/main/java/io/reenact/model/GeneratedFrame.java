package io.reenact.model;

import ai.djl.ndarray.NDArray;

/**
 * The generator's output for a batch.
 *
 * @param rgb  (B, 3, S, S), tanh·0.75 + 0.5 (may leave [0, 1] slightly, as in the paper)
 * @param mask (B, 1, S, S) in [0, 1]
 */
public record GeneratedFrame(NDArray rgb, NDArray mask) {

    /** The paper's output image: RGB × mask (black background). */
    public NDArray image() {
        return rgb.mul(mask);
    }
}
