package io.reenact.model.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import io.reenact.model.ModelConfig;
import io.reenact.model.layers.Conv;
import io.reenact.model.layers.Ops;
import java.util.ArrayList;
import java.util.List;

/**
 * The generator of the paper: a learned 4×4 constant, residual AdaIN blocks at 4×4, upsampling
 * residual AdaIN blocks up to the image size, a final AdaIN, ReLU and 3×3 conv to 4 channels,
 * tanh. Identity and pose reach it only through the AdaIN parameters.
 *
 * <p>Input: AdaIN parameters (B, {@link #adaInParamCount()}). Outputs: rgb (B, 3, S, S) =
 * tanh·0.75 + 0.5 and mask (B, 1, S, S) = tanh·0.5 + 0.5, as in the paper (so RGB may leave
 * [0, 1] slightly; clamp when turning it into pixels).
 */
public final class Generator extends AbstractBlock {

    private final int constChannels;
    private final Parameter constant;
    private final List<AdaInResBlock> blocks = new ArrayList<>();
    private final int lastWidth;
    private final Conv toOutput;
    private final int paramCount;

    public Generator(ModelConfig config) {
        constChannels = config.generatorConst();
        constant = addParameter(Parameter.builder()
                .setName("const")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(constChannels, 4, 4))
                .optInitializer(new NormalInitializer(1f))
                .build());
        int width = constChannels;
        int count = 0;
        for (int i = 0; i < config.generatorConstBlocks(); i++) {
            AdaInResBlock b = addChildBlock("res4_" + i, new AdaInResBlock(width, width, false));
            blocks.add(b);
            count += b.adaInParamCount();
        }
        int size = 4;
        for (int w : config.generatorWidths()) {
            size *= 2;
            AdaInResBlock b = addChildBlock("up" + size, new AdaInResBlock(width, w, true));
            blocks.add(b);
            count += b.adaInParamCount();
            width = w;
        }
        lastWidth = width;
        toOutput = addChildBlock("to_rgba", Conv.of(width, 4, 3));
        paramCount = count + 2 * lastWidth;
    }

    /** Number of AdaIN scales and biases the generator consumes per sample. */
    public int adaInParamCount() {
        return paramCount;
    }

    /**
     * For each AdaIN parameter position, whether it is a scale (gamma) rather than a bias. The
     * MLP adds 1 to scales so that an untrained network starts near the identity transform.
     */
    public boolean[] gammaPositions() {
        boolean[] gamma = new boolean[paramCount];
        int offset = 0;
        for (AdaInResBlock b : blocks) {
            int[] widths = b.adaInWidths();
            for (int w : widths) {
                for (int i = 0; i < w; i++) {
                    gamma[offset + i] = true;
                }
                offset += 2 * w;
            }
        }
        for (int i = 0; i < lastWidth; i++) {
            gamma[offset + i] = true;
        }
        return gamma;
    }

    /**
     * Makes inference compute each upsampling conv without upsampling ({@link NearestUpsampleConv}):
     * the same output up to float rounding, about a fifth less time per frame on a CPU core. For
     * weights that are only read from now on (a loaded checkpoint or avatar), never for weights
     * still being trained.
     * The first upsampling block (to 8×8) keeps the plain conv, which is faster at that size.
     */
    public void precomputeUpsampling() {
        blocks.stream().filter(AdaInResBlock::upsamples).skip(1).forEach(AdaInResBlock::precomputeUpsampling);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray p = inputs.singletonOrThrow();
        long batch = p.getShape().get(0);
        NDArray x = Ops.paramValue(ps, constant, p, training).repeat(0, batch);
        int offset = 0;
        for (AdaInResBlock b : blocks) {
            int n = b.adaInParamCount();
            NDArray slice = p.get(new NDIndex(":, {}:{}", offset, offset + n));
            x = b.forward(ps, new NDList(x, slice), training).singletonOrThrow();
            offset += n;
        }
        NDArray gamma = p.get(new NDIndex(":, {}:{}", offset, offset + lastWidth));
        NDArray beta = p.get(new NDIndex(":, {}:{}", offset + lastWidth, offset + 2 * lastWidth));
        x = Activation.relu(AdaIn.apply(x, gamma, beta));
        NDArray out = Ops.run(toOutput, ps, x, training).tanh();
        NDArray rgb = out.get(new NDIndex(":, 0:3")).mul(0.75f).add(0.5f);
        NDArray mask = out.get(new NDIndex(":, 3:4")).mul(0.5f).add(0.5f);
        return new NDList(rgb, mask);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        long size = 4L << (blocks.size() - countConstBlocks());
        return new Shape[] {new Shape(b, 3, size, size), new Shape(b, 1, size, size)};
    }

    private int countConstBlocks() {
        int n = 0;
        for (AdaInResBlock blk : blocks) {
            if (!blk.upsamples()) {
                n++;
            }
        }
        return n;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        Shape x = new Shape(b, constChannels, 4, 4);
        for (AdaInResBlock blk : blocks) {
            Shape p = new Shape(b, blk.adaInParamCount());
            blk.initialize(manager, dataType, x, p);
            x = blk.getOutputShapes(new Shape[] {x, p})[0];
        }
        toOutput.initialize(manager, dataType, x);
    }
}
