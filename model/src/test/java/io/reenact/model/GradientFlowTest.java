package io.reenact.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.reenact.model.discriminator.DiscriminatorOutput;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every trainable parameter of every part receives a gradient through one training forward pass. */
class GradientFlowTest {

    @Test
    void everyPartGetsGradients() {
        try (NDManager root = NDManager.newBaseManager();
                LatentPoseModel model = LatentPoseModel.create(ModelConfig.cpu128(), root, 4, 7);
                NDManager step = root.newSubManager()) {
            NDArray frames = step.randomUniform(0, 1, new Shape(2, 2, 3, 128, 128));
            NDArray poseFrames = step.randomUniform(0, 1, new Shape(2, 3, 128, 128));
            NDArray ids = step.create(new int[] {1, 3});
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                GeneratedFrame g = model.render(model.identity(frames, true), model.pose(poseFrames, true), true);
                DiscriminatorOutput d = model.discriminate(g.image(), ids, true);
                NDArray loss = d.realness().mean().add(g.mask().mean()).add(d.features().get(0).abs().mean());
                gc.backward(loss);
            }
            Map<String, Parameter> all = model.trainableParameters();
            assertTrue(all.size() > 50);
            for (Map.Entry<String, Parameter> e : all.entrySet()) {
                NDArray grad = e.getValue().getArray().getGradient();
                float norm = grad.abs().sum().getFloat();
                assertTrue(norm > 0f && Float.isFinite(norm), "no finite gradient reached " + e.getKey() + ": " + norm);
                grad.close();
            }
            assertTrue(model.parameters().size() > all.size(), "spectral-norm vectors are listed but not trainable");
        }
    }
}
