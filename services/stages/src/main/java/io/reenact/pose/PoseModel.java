package io.reenact.pose;

import io.reenact.model.RgbImage;

/**
 * The pose encoder as the pose stage sees it: one driver frame in, its latent pose descriptor out.
 * Implementations must be safe to call from several stream threads.
 */
public interface PoseModel {

    float[] encodePose(RgbImage frame);

    String modelVersion();
}
