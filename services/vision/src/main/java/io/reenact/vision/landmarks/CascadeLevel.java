package io.reenact.vision.landmarks;

/**
 * One level of a shape predictor's cascade: where its feature pixels lie (each an offset from an
 * anchor landmark of the mean shape, in unit-box coordinates) and the trees that read them.
 */
final class CascadeLevel {

    final int[] anchors;
    /** {dx0, dy0, dx1, dy1, ...}, one pair per feature pixel. */
    final float[] deltas;
    final RegressionTree[] trees;

    CascadeLevel(int[] anchors, float[] deltas, RegressionTree[] trees) {
        this.anchors = anchors;
        this.deltas = deltas;
        this.trees = trees;
    }
}
