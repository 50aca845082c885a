package io.reenact.model.segmenter;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.reenact.model.ModelConfig;
import io.reenact.model.layers.Conv;
import io.reenact.model.layers.Ops;
import java.util.ArrayList;
import java.util.List;

/**
 * A small U-Net that predicts the foreground mask of a frame: the segmenter stage's network for
 * synthetic-domain frames. Encoder: one conv at full resolution, then a stride-2 conv and a conv
 * per level; decoder: nearest upsampling, concatenation with the skip, one conv per level; a 1×1
 * conv gives the logits.
 *
 * <p>Input: frames (B, 3, S, S) in [0, 1]. Output: mask logits (B, 1, S, S) (sigmoid → [0, 1]).
 */
public final class Segmenter extends AbstractBlock {

    private final int[] widths;
    private final Conv inConv;
    private final List<Conv> downConvs = new ArrayList<>();
    private final List<Conv> levelConvs = new ArrayList<>();
    private final List<Conv> upConvs = new ArrayList<>();
    private final Conv toLogits;

    public Segmenter(ModelConfig config) {
        this(config.segmenterWidths());
    }

    public Segmenter(int[] widths) {
        this.widths = widths.clone();
        inConv = addChildBlock("in", Conv.of(3, widths[0], 3));
        for (int i = 1; i < widths.length; i++) {
            downConvs.add(addChildBlock("down" + i, new Conv(widths[i - 1], widths[i], 3, 2, false)));
            levelConvs.add(addChildBlock("enc" + i, Conv.of(widths[i], widths[i], 3)));
        }
        for (int i = widths.length - 1; i >= 1; i--) {
            upConvs.add(addChildBlock("dec" + (i - 1), Conv.of(widths[i] + widths[i - 1], widths[i - 1], 3)));
        }
        toLogits = addChildBlock("logits", Conv.of(widths[0], 1, 1));
    }

    /** Parameters named {@code segmenter/blockpath}, the names stored in a weights file. */
    public java.util.Map<String, ai.djl.nn.Parameter> namedParameters() {
        java.util.Map<String, ai.djl.nn.Parameter> out = new java.util.LinkedHashMap<>();
        for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : getParameters()) {
            out.put("segmenter/" + p.getKey(), p.getValue());
        }
        return out;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = Activation.relu(Ops.run(inConv, ps, Ops.centre(inputs.singletonOrThrow()), training));
        List<NDArray> skips = new ArrayList<>();
        for (int i = 0; i < downConvs.size(); i++) {
            skips.add(x);
            x = Activation.relu(Ops.run(downConvs.get(i), ps, x, training));
            x = Activation.relu(Ops.run(levelConvs.get(i), ps, x, training));
        }
        for (int i = 0; i < upConvs.size(); i++) {
            NDArray skip = skips.get(skips.size() - 1 - i);
            x = Ops.upsample2x(x).concat(skip, 1);
            x = Activation.relu(Ops.run(upConvs.get(i), ps, x, training));
        }
        return new NDList(Ops.run(toLogits, ps, x, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), 1, s.get(2), s.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        long b = s.get(0);
        long size = s.get(2);
        inConv.initialize(manager, dataType, s);
        for (int i = 0; i < downConvs.size(); i++) {
            long levelSize = size >> i;
            downConvs.get(i).initialize(manager, dataType, new Shape(b, widths[i], levelSize, levelSize));
            levelConvs.get(i).initialize(manager, dataType, new Shape(b, widths[i + 1], levelSize / 2, levelSize / 2));
        }
        for (int j = 0; j < upConvs.size(); j++) {
            int level = widths.length - 2 - j;
            long levelSize = size >> level;
            upConvs.get(j).initialize(manager, dataType,
                    new Shape(b, widths[level + 1] + widths[level], levelSize, levelSize));
        }
        toLogits.initialize(manager, dataType, new Shape(b, widths[0], size, size));
    }
}
