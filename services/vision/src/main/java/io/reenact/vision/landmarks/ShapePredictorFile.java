package io.reenact.vision.landmarks;

/**
 * The layout of dlib's serialized {@code shape_predictor} (version 1): the mean shape
 * ({@code initial_shape}, in unit-box coordinates), the forests (per cascade level, trees of
 * {@code split_feature{idx1, idx2, thresh}} and leaf vectors), then per level the feature pixels'
 * anchor landmarks and offsets. Everything is checked as it is read (sizes, indices, complete
 * trees, nothing after the end), so a damaged file is refused rather than half-used.
 */
final class ShapePredictorFile {

    private ShapePredictorFile() {
    }

    static DlibShapePredictor parse(DlibInput in, long startNanos) throws DlibFormatException {
        long version = in.readInt(4);
        if (version != 1) {
            throw in.error("unsupported shape_predictor version " + version + " (dlib writes 1)");
        }
        in.context("initial_shape");
        float[] mean = in.readFloatColumn(-1);
        if (mean.length == 0 || mean.length % 2 != 0) {
            throw in.error("initial_shape has " + mean.length + " values, expected a positive even count");
        }
        int shapeLength = mean.length;

        in.context("forests");
        int levelCount = in.readCount(10_000, "cascade level count");
        int[][][] splitIdx = new int[levelCount][][];
        float[][][] thresholds = new float[levelCount][][];
        float[][][] leaves = new float[levelCount][][];
        for (int l = 0; l < levelCount; l++) {
            in.context("forests[" + l + "]");
            int treeCount = in.readCount(1_000_000, "tree count");
            splitIdx[l] = new int[treeCount][];
            thresholds[l] = new float[treeCount][];
            leaves[l] = new float[treeCount][];
            for (int t = 0; t < treeCount; t++) {
                in.context("forests[" + l + "][" + t + "]");
                int splits = in.readCount(1 << 20, "split count");
                int[] idx = new int[2 * splits];
                float[] thresh = new float[splits];
                for (int s = 0; s < splits; s++) {
                    idx[2 * s] = in.readCount(Integer.MAX_VALUE, "feature index");
                    idx[2 * s + 1] = in.readCount(Integer.MAX_VALUE, "feature index");
                    thresh[s] = in.readFloat();
                }
                int leafCount = in.readCount(1 << 21, "leaf count");
                if (leafCount != splits + 1 || Integer.bitCount(leafCount) != 1) {
                    throw in.error("a tree with " + splits + " splits has " + leafCount
                            + " leaves; dlib trees are complete (leaves = splits + 1, a power of 2)");
                }
                float[] values = new float[leafCount * shapeLength];
                for (int k = 0; k < leafCount; k++) {
                    in.readFloatColumn(values, k * shapeLength, shapeLength);
                }
                splitIdx[l][t] = idx;
                thresholds[l][t] = thresh;
                leaves[l][t] = values;
            }
        }

        in.context("anchor_idx");
        if (in.readCount(Integer.MAX_VALUE, "anchor level count") != levelCount) {
            throw in.error("anchor_idx does not have one entry per cascade level (" + levelCount + ")");
        }
        int[][] anchors = new int[levelCount][];
        for (int l = 0; l < levelCount; l++) {
            in.context("anchor_idx[" + l + "]");
            int features = in.readCount(1 << 24, "feature count");
            anchors[l] = new int[features];
            for (int f = 0; f < features; f++) {
                anchors[l][f] = in.readCount(shapeLength / 2 - 1, "anchor landmark index");
            }
        }

        in.context("deltas");
        if (in.readCount(Integer.MAX_VALUE, "delta level count") != levelCount) {
            throw in.error("deltas does not have one entry per cascade level (" + levelCount + ")");
        }
        CascadeLevel[] levels = new CascadeLevel[levelCount];
        for (int l = 0; l < levelCount; l++) {
            in.context("deltas[" + l + "]");
            int features = anchors[l].length;
            if (in.readCount(Integer.MAX_VALUE, "delta count") != features) {
                throw in.error("level " + l + " has " + features + " anchors but a different number of deltas");
            }
            float[] deltas = new float[2 * features];
            for (int f = 0; f < 2 * features; f++) {
                deltas[f] = in.readFloat();
            }
            RegressionTree[] trees = new RegressionTree[splitIdx[l].length];
            for (int t = 0; t < trees.length; t++) {
                for (int index : splitIdx[l][t]) {
                    if (index >= features) {
                        in.context("forests[" + l + "][" + t + "]");
                        throw in.error("a split reads feature " + index + " of only " + features);
                    }
                }
                trees[t] = new RegressionTree(splitIdx[l][t], thresholds[l][t], leaves[l][t]);
            }
            levels[l] = new CascadeLevel(anchors[l], deltas, trees);
        }
        in.context("the end of the file");
        if (!in.atEnd()) {
            throw in.error("unexpected bytes after the model");
        }
        return new DlibShapePredictor(mean, levels, (System.nanoTime() - startNanos) / 1_000_000);
    }
}
