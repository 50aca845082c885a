package io.reenact.model.train;

/**
 * Weights of the generator-side loss terms. The paper's perceptual slot (VGG19 3e-2 + VGGFace 0.6e-2 on
 * feature L1s of magnitude ~10–100) is filled by the reconstruction substitute, whose raw value is ~1 at
 * the start; a weight of 10 makes it the dominant term early, as the perceptual loss is in the paper,
 * while hinge (1), feature matching (10), dice (1) and embedding match (1e-2) keep the paper's values.
 * {@code poseInvariance} is not the paper's: see {@link io.reenact.model.loss.PoseInvarianceLoss}; 0 leaves it out;
 * so is {@code flowInvariance}: see {@link io.reenact.model.loss.FlowInvarianceLoss}; nor {@code mouthCritic}:
 * the output's mouth opening as {@link MouthOpeningCritic} reads it, against the target's.
 */
public record LossWeights(float reconstruction, float adversarial, float featureMatching, float dice,
                          float embeddingMatch, float poseInvariance, float flowInvariance, float mouthCritic) {

    public static LossWeights defaults() {
        return new LossWeights(10f, 1f, 10f, 1f, 1e-2f, 0f, 0f, 0f);
    }

    /** Whether a term compares a driver frame with its twin, so the loader must build twins. */
    public boolean needsTwins() {
        return poseInvariance > 0 || flowInvariance > 0;
    }
}
