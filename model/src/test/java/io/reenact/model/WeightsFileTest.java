package io.reenact.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsFileTest {

    @Test
    void halfPrecisionConversion() {
        assertEquals((short) 0x3c00, Half.fromFloat(1f));
        assertEquals((short) 0xc000, Half.fromFloat(-2f));
        assertEquals((short) 0x7bff, Half.fromFloat(65504f));
        assertEquals((short) 0x7c00, Half.fromFloat(1e6f));
        assertEquals((short) 0x2e66, Half.fromFloat(0.1f));
        assertEquals((short) 0x0001, Half.fromFloat(6e-8f));
        assertEquals((short) 0, Half.fromFloat(1e-9f));
        assertEquals(0.0999755859375f, Half.toFloat((short) 0x2e66));
        for (float f : new float[] {0f, 1f, -3.5f, 0.333f, 1e-5f, 1234.5f}) {
            float back = Half.toFloat(Half.fromFloat(f));
            assertEquals(f, back, Math.abs(f) * 1e-3f + 1e-7f);
        }
        assertTrue(Float.isNaN(Half.toFloat(Half.fromFloat(Float.NaN))));
    }

    @Test
    void fp16SaveLoadGivesIdenticalOutputs(@TempDir Path dir) throws IOException {
        ModelConfig c = ModelConfig.cpu128();
        try (NDManager root = NDManager.newBaseManager();
                LatentPoseModel original = LatentPoseModel.create(c, root, 0, 1);
                LatentPoseModel a = LatentPoseModel.create(c, root, 0, 2);
                LatentPoseModel b = LatentPoseModel.create(c, root, 0, 3);
                NDManager step = root.newSubManager()) {
            Path file = dir.resolve("model.weights");
            WeightsFile.write(file, original.parameters(), WeightsFile.Precision.FP16);
            // fp16 on disk: half the float32 size, plus names and shapes
            long floats = original.parameterCount();
            assertTrue(Files.size(file) < floats * 2 + 100_000, "file " + Files.size(file) + " for " + floats + " values");

            NDArray frames = step.randomUniform(0, 1, new Shape(1, 2, 3, 128, 128));
            NDArray pose = step.randomUniform(0, 1, new Shape(1, 3, 128, 128));
            float[] before = render(a, frames, pose);
            WeightsFile.load(file, a.parameters(), true);
            WeightsFile.load(file, b.parameters(), true);
            float[] outA = render(a, frames, pose);
            float[] outB = render(b, frames, pose);
            float[] outOriginal = render(original, frames, pose);
            assertNotEquals(before[0], outA[0], "loading changed the weights");
            assertArrayEquals(outA, outB, 0f);
            assertArrayEquals(outOriginal, outA, 0.03f);
        }
    }

    @Test
    void fp32RoundTripIsExact(@TempDir Path dir) throws IOException {
        ModelConfig c = ModelConfig.cpu128();
        try (NDManager root = NDManager.newBaseManager();
                LatentPoseModel original = LatentPoseModel.create(c, root, 3, 1);
                LatentPoseModel copy = LatentPoseModel.create(c, root, 3, 2)) {
            Path file = dir.resolve("train.weights");
            WeightsFile.write(file, original.parameters(), WeightsFile.Precision.FP32);
            WeightsFile.load(file, copy.parameters(), true);
            Map<String, WeightsFile.Tensor> stored = WeightsFile.read(file);
            assertEquals(original.parameters().keySet(), stored.keySet());
            original.parameters().forEach((name, p) ->
                    assertArrayEquals(p.getArray().toFloatArray(), copy.parameters().get(name).getArray().toFloatArray(), 0f, name));
        }
    }

    @Test
    void rejectsMismatchedOrCorruptFiles(@TempDir Path dir) throws IOException {
        try (NDManager root = NDManager.newBaseManager();
                LatentPoseModel small = LatentPoseModel.create(ModelConfig.cpu128(), root, 0, 1)) {
            Path file = dir.resolve("gen.weights");
            WeightsFile.write(file, small.parameters(LatentPoseModel.Part.GENERATOR), WeightsFile.Precision.FP16);
            assertThrows(IllegalArgumentException.class, () -> WeightsFile.load(file, small.parameters(), true));
            WeightsFile.load(file, small.parameters(), false);

            byte[] bytes = Files.readAllBytes(file);
            bytes[0] = 'X';
            assertThrows(IOException.class, () -> WeightsFile.read(bytes));
            byte[] truncated = java.util.Arrays.copyOf(Files.readAllBytes(file), 1000);
            assertThrows(IOException.class, () -> WeightsFile.read(truncated));
        }
    }

    private static float[] render(LatentPoseModel m, NDArray frames, NDArray pose) {
        GeneratedFrame g = m.render(m.identity(frames), m.pose(pose));
        return g.image().toFloatArray();
    }
}
