package io.reenact.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.reenact.model.discriminator.Discriminator;
import io.reenact.model.discriminator.DiscriminatorOutput;
import io.reenact.model.encoder.IdentityEncoder;
import io.reenact.model.encoder.PoseEncoder;
import io.reenact.model.generator.Generator;
import io.reenact.model.segmenter.Segmenter;
import org.junit.jupiter.api.Test;

class NetworkShapesTest {

    @Test
    void cpu128ForwardShapesMatchDeclaredShapes() {
        ModelConfig c = ModelConfig.cpu128();
        try (NDManager root = NDManager.newBaseManager();
                LatentPoseModel model = LatentPoseModel.create(c, root, 5, 1);
                NDManager step = root.newSubManager()) {
            int b = 2;
            int k = 3;
            NDArray frames = step.randomUniform(0, 1, new Shape(b, k, 3, 128, 128));
            NDArray id = model.identity(frames);
            assertEquals(new Shape(b, c.identityDim()), id.getShape());

            NDArray poseFrames = step.randomUniform(0, 1, new Shape(b, 3, 128, 128));
            NDArray pose = model.pose(poseFrames);
            assertEquals(new Shape(b, c.poseDim()), pose.getShape());

            NDArray params = model.adaInParams(id, pose, false);
            assertEquals(new Shape(b, model.generator().adaInParamCount()), params.getShape());

            GeneratedFrame g = model.render(id, pose);
            assertEquals(new Shape(b, 3, 128, 128), g.rgb().getShape());
            assertEquals(new Shape(b, 1, 128, 128), g.mask().getShape());
            assertTrue(g.mask().min().getFloat() >= 0f && g.mask().max().getFloat() <= 1f);
            assertTrue(g.rgb().min().getFloat() >= -0.25f && g.rgb().max().getFloat() <= 1.25f);

            NDArray ids = step.create(new int[] {0, 4});
            DiscriminatorOutput d = model.discriminate(g.image(), ids, false);
            assertEquals(new Shape(b), d.realness().getShape());
            assertEquals(new Shape(b, c.identityDim()), d.videoEmbedding().getShape());
            assertEquals(c.discriminatorWidths().length + 1, d.features().size());

            // the blocks' declared shapes agree with what they produce
            ParameterStore ps = model.parameterStore();
            Shape[] declared = model.discriminator().orElseThrow()
                    .getOutputShapes(new Shape[] {new Shape(b, 3, 128, 128), new Shape(b)});
            for (int i = 0; i < d.features().size(); i++) {
                assertEquals(declared[i + 2], d.features().get(i).getShape());
            }
            assertEquals(model.identityEncoder().getOutputShapes(new Shape[] {frames.getShape()})[0], id.getShape());
            assertEquals(model.poseEncoder().getOutputShapes(new Shape[] {poseFrames.getShape()})[0], pose.getShape());
            Shape[] gen = model.generator().getOutputShapes(new Shape[] {params.getShape()});
            assertEquals(gen[0], g.rgb().getShape());
            assertEquals(gen[1], g.mask().getShape());
            assertTrue(ps != null);
        }
    }

    @Test
    void segmenterGivesOneLogitPerPixel() {
        try (NDManager m = NDManager.newBaseManager()) {
            Segmenter s = new Segmenter(ModelConfig.cpu128());
            s.initialize(m, DataType.FLOAT32, new Shape(1, 3, 128, 128));
            NDArray x = m.randomUniform(0, 1, new Shape(2, 3, 128, 128));
            NDArray logits = s.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            assertEquals(new Shape(2, 1, 128, 128), logits.getShape());
        }
    }

    @Test
    void paper256DeclaredShapes() {
        ModelConfig c = ModelConfig.paper256();
        Generator g = new Generator(c);
        Shape[] out = g.getOutputShapes(new Shape[] {new Shape(1, g.adaInParamCount())});
        assertEquals(new Shape(1, 3, 256, 256), out[0]);
        assertEquals(new Shape(1, 1, 256, 256), out[1]);
        assertEquals(new Shape(4, 512),
                new IdentityEncoder(c).getOutputShapes(new Shape[] {new Shape(4, 8, 3, 256, 256)})[0]);
        assertEquals(new Shape(4, 256), new PoseEncoder(c).getOutputShapes(new Shape[] {new Shape(4, 3, 256, 256)})[0]);
        Shape[] d = new Discriminator(c, 3).getOutputShapes(new Shape[] {new Shape(2, 3, 256, 256), new Shape(2)});
        assertEquals(new Shape(2, 512, 4, 4), d[d.length - 1]);
        assertArrayEquals(new long[] {2, 512}, d[1].getShape());
    }
}
