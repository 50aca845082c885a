package io.reenact.model.discriminator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import io.reenact.model.ModelConfig;
import io.reenact.model.layers.Dense;
import io.reenact.model.layers.Ops;
import io.reenact.model.layers.ResidualBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * The residual projection discriminator: downsampling residual blocks, one more block, ReLU,
 * sum pooling, then realness = linear(h) + ⟨h, e_video⟩ where e_video is a learned embedding of
 * the sample's training video (the projection term). The embedding has identityDim entries so
 * the generator's identity embedding can be pulled towards it (the paper's embedding-match loss).
 *
 * <p>Inputs: images (B, C, S, S) in [0, 1] (C = 3, or 4 with the mask when the config says so)
 * and video ids (B) of integer type. Outputs, see {@link DiscriminatorOutput}: realness (B),
 * the video embeddings (B, identityDim), then each block's features for feature matching.
 */
public final class Discriminator extends AbstractBlock {

    private final int inChannels;
    private final int videoCount;
    private final int embeddingDim;
    private final List<ResidualBlock> blocks = new ArrayList<>();
    private final Dense linear;
    private final Parameter videoEmbedding;

    public Discriminator(ModelConfig config, int videoCount) {
        if (videoCount < 1) {
            throw new IllegalArgumentException("videoCount must be positive, got " + videoCount);
        }
        this.videoCount = videoCount;
        boolean sn = config.spectralNormDiscriminator();
        inChannels = config.discriminatorSeesMask() ? 4 : 3;
        int in = inChannels;
        int i = 0;
        for (int w : config.discriminatorWidths()) {
            // the first block sees pixels: a ReLU in front would throw away half of their range
            blocks.add(addChildBlock("down" + i, new ResidualBlock(in, w, true, i > 0, sn)));
            in = w;
            i++;
        }
        blocks.add(addChildBlock("last", new ResidualBlock(in, in, false, true, sn)));
        embeddingDim = in;
        linear = addChildBlock("linear", new Dense(in, 1, sn, 1f));
        videoEmbedding = addParameter(Parameter.builder()
                .setName("video_embedding")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(videoCount, in))
                .optInitializer(new NormalInitializer(0.02f))
                .build());
    }

    public int videoCount() {
        return videoCount;
    }

    public int inputChannels() {
        return inChannels;
    }

    /** The learned per-video embedding table (videoCount, identityDim). */
    public Parameter videoEmbeddingParameter() {
        return videoEmbedding;
    }

    /** Rows of the embedding table for the given video ids (B) → (B, identityDim). */
    public NDArray videoEmbeddings(ParameterStore ps, NDArray videoIds, boolean training) {
        NDArray table = ps.getValue(videoEmbedding, videoIds.getDevice(), training);
        // one-hot × table keeps the result in the caller's manager and gives a dense gradient
        return videoIds.toType(DataType.INT64, false).oneHot(videoCount, DataType.FLOAT32).matMul(table);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = Ops.centre(inputs.get(0));
        NDArray ids = inputs.get(1);
        NDList features = new NDList();
        for (ResidualBlock b : blocks) {
            x = Ops.run(b, ps, x, training);
            features.add(x);
        }
        NDArray h = Ops.spatialSum(Activation.relu(x));
        NDArray embedding = videoEmbeddings(ps, ids, training);
        NDArray realness = Ops.run(linear, ps, h, training).reshape(-1).add(h.mul(embedding).sum(new int[] {1}));
        NDList out = new NDList(realness, embedding);
        out.addAll(features);
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        List<Shape> shapes = new ArrayList<>();
        shapes.add(new Shape(b));
        shapes.add(new Shape(b, embeddingDim));
        Shape x = inputShapes[0];
        for (ResidualBlock blk : blocks) {
            x = blk.getOutputShapes(new Shape[] {x})[0];
            shapes.add(x);
        }
        return shapes.toArray(new Shape[0]);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        for (ResidualBlock blk : blocks) {
            blk.initialize(manager, dataType, x);
            x = blk.getOutputShapes(new Shape[] {x})[0];
        }
        linear.initialize(manager, dataType, new Shape(x.get(0), x.get(1)));
    }
}
