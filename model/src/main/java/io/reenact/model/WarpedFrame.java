package io.reenact.model;

import ai.djl.ndarray.NDArray;

/**
 * The warping renderer's output for a batch.
 *
 * @param rgb       (B, 3, S, S) in [0, 1]
 * @param mask      (B, 1, S, S) in [0, 1]
 * @param warped    (B, 3, S, S): the sources warped and blended, before the refiner
 * @param flows     (B, K, 2, S, S): per source, the normalised source position of each output pixel
 * @param occlusion (B, 1, S, S): 1 where the warp is kept, 0 where the refiner's fill replaces it
 * @param confidence (B, K, 1, S, S): each source's weight in the blend, summing to 1 over K
 * @param trust     (B, K, 1, S, S): per source, the logit of trusting its warp (the occlusion map is
 *                  their sigmoids blended by confidence)
 * @param logConfidence (B, K, 1, S, S): log of {@code confidence}, computed stably, for a
 *                  cross-entropy on the choice of source
 * @param fill      (B, 3, S, S) in [0, 1]: the refiner's own drawing, shown where the occlusion map gives way
 */
public record WarpedFrame(NDArray rgb, NDArray mask, NDArray warped, NDArray flows, NDArray occlusion,
                          NDArray confidence, NDArray trust, NDArray logConfidence, NDArray fill) {

    /** The output image: RGB × mask (black background), as the AdaIN generator's. */
    public NDArray image() {
        return rgb.mul(mask);
    }
}
