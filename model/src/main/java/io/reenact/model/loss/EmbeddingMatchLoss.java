package io.reenact.model.loss;

import ai.djl.ndarray.NDArray;

/**
 * FSTH's embedding match term, kept by the paper: L1 between the identity embedding computed from
 * the K identity frames and the discriminator's learned embedding of the same video, so the
 * projection discriminator's per-video vectors and the identity encoder speak the same space.
 */
public final class EmbeddingMatchLoss {

    /** @param identity (B, D); @param videoEmbedding (B, D) rows of the discriminator's table */
    public NDArray compute(NDArray identity, NDArray videoEmbedding) {
        return identity.sub(videoEmbedding).abs().mean();
    }
}
