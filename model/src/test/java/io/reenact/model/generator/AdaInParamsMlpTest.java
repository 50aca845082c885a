package io.reenact.model.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.reenact.model.ModelConfig;
import org.junit.jupiter.api.Test;

class AdaInParamsMlpTest {

    @Test
    void thePoseGainScalesThePoseWhereItMeetsTheIdentity() {
        boolean[] gammas = {true, false, true, false};
        AdaInParamsMlp plain = new AdaInParamsMlp(3, 2, 8, gammas, false, 1f);
        AdaInParamsMlp gained = new AdaInParamsMlp(3, 2, 8, gammas, false, 4f);
        try (NDManager m = NDManager.newBaseManager()) {
            plain.initialize(m, DataType.FLOAT32, new Shape(1, 3), new Shape(1, 2));
            gained.initialize(m, DataType.FLOAT32, new Shape(1, 3), new Shape(1, 2));
            gained.getParameters().forEach(p -> p.getValue().getArray().set(
                    plain.getParameters().get(p.getKey()).getArray().toFloatArray()));
            ParameterStore ps = new ParameterStore(m, false);
            float[] identity = {0.5f, -1f, 2f};
            float[] pose = {0.25f, -0.5f};
            float[] fourTimesPose = {1f, -2f};
            float[] viaGain = gained.forward(ps, new NDList(m.create(identity, new Shape(1, 3)),
                    m.create(pose, new Shape(1, 2))), false).singletonOrThrow().toFloatArray();
            float[] viaInput = plain.forward(ps, new NDList(m.create(identity, new Shape(1, 3)),
                    m.create(fourTimesPose, new Shape(1, 2))), false).singletonOrThrow().toFloatArray();
            assertArrayEquals(viaInput, viaGain, 1e-5f);
        }
    }

    @Test
    void aConfigWrittenBeforeThePoseGainExistedKeepsAGainOfOne() {
        String json = ModelConfig.cpu128().toJson().replaceAll(",\\s*\"poseGain\":\\s*[0-9.]+", "");
        ModelConfig old = ModelConfig.fromJson(json);
        assertEquals(1f, old.effectivePoseGain());
        assertEquals(8f, ModelConfig.cpu128().effectivePoseGain());
    }

    @Test
    void aConfigWrittenBeforeThePoseGridExistedKeepsGlobalPooling() {
        String json = ModelConfig.cpu128().toJson().replaceAll(",\\s*\"poseLayoutCells\":\\s*[0-9]+", "");
        assertEquals(0, ModelConfig.fromJson(json).poseLayoutCells());
        assertEquals(4, ModelConfig.cpu128().poseLayoutCells());
    }
}
