package io.reenact.vision.landmarks;

/**
 * A complete binary regression tree of a shape predictor: each split compares the difference of
 * two feature pixels with a threshold, and each leaf holds a shape-sized correction.
 */
final class RegressionTree {

    /** Feature index pairs of the splits, breadth first: split s compares idx[2s] with idx[2s+1]. */
    private final int[] idx;
    private final float[] thresh;
    /** Leaf vectors, one shape-sized block per leaf. */
    private final float[] leaves;

    RegressionTree(int[] idx, float[] thresh, float[] leaves) {
        this.idx = idx;
        this.thresh = thresh;
        this.leaves = leaves;
    }

    /** Adds the vector of the leaf {@code features} lead to onto {@code shape}. */
    void addLeaf(float[] features, float[] shape) {
        int splits = thresh.length;
        int i = 0;
        while (i < splits) {
            // dlib's order: greater goes to the left child
            i = features[idx[2 * i]] - features[idx[2 * i + 1]] > thresh[i] ? 2 * i + 1 : 2 * i + 2;
        }
        int offset = (i - splits) * shape.length;
        for (int k = 0; k < shape.length; k++) {
            shape[k] += leaves[offset + k];
        }
    }
}
