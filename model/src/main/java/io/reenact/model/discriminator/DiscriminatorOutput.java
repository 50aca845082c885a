package io.reenact.model.discriminator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;

/**
 * The discriminator's outputs by name.
 *
 * @param realness        (B) scores, for the hinge loss
 * @param videoEmbedding  (B, identityDim) rows of the per-video embedding, for the embedding match
 * @param features        each block's activations, for feature matching
 */
public record DiscriminatorOutput(NDArray realness, NDArray videoEmbedding, List<NDArray> features) {

    public static DiscriminatorOutput of(NDList out) {
        return new DiscriminatorOutput(out.get(0), out.get(1), out.subList(2, out.size()));
    }
}
