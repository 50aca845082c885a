package io.reenact.model.data;

import java.util.Random;

/** A set of videos of people, sampled the paper's way: K + 1 distinct frames from one video. */
public interface VideoDataset {

    int videoCount();

    /**
     * K identity frames and one target frame, all distinct frames of video {@code videoIndex}
     * (see the implementation for videos with fewer than K + 1 frames). Thread-safe; {@code rng}
     * alone decides which frames.
     */
    TrainingSample sample(int videoIndex, int k, Random rng);

    /**
     * A sample with what the warping renderer also trains on (source masks, target landmarks, exact
     * flows) where the dataset knows it, its source frames possibly from another video of the same
     * person; by default just {@link #sample}.
     */
    default TrainingSample sampleWithCorrespondence(int videoIndex, int k, Random rng) {
        return sample(videoIndex, k, rng);
    }

    /** Side of the square images returned. */
    int imageSize();
}
