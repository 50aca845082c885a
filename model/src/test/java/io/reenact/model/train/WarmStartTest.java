package io.reenact.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.reenact.model.LatentPoseModel;
import io.reenact.model.WeightsFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmStartTest {

    @TempDir
    Path dir;

    @Test
    void loadsEveryTensorThatFitsAndStartsTheNewPoseHeadSilent() throws Exception {
        try (NDManager root = NDManager.newBaseManager();
             LatentPoseModel old = LatentPoseModel.create(TinyModel.config(0), root, 0, 1);
             LatentPoseModel live = LatentPoseModel.create(TinyModel.config(4), root, 0, 2);
             LatentPoseModel ema = LatentPoseModel.create(TinyModel.config(4), root, 0, 3)) {
            WeightsFile.write(dir.resolve("model.weights"), old.parameters(Ema.G_SIDE), WeightsFile.Precision.FP32);
            ByteArrayOutputStream log = new ByteArrayOutputStream();

            Set<String> loaded = WarmStart.from(dir, live, ema, new PrintStream(log, true));

            String head = live.parameters().keySet().stream()
                    .filter(n -> n.startsWith("pose_encoder/") && n.endsWith("head_weight")).findFirst().orElseThrow();
            assertFalse(loaded.contains(head), "the old head has another shape");
            assertEquals(old.parameters(Ema.G_SIDE).size() - 1, loaded.size(), "everything else fits");
            try (NDManager sm = root.newSubManager()) {
                sm.getEngine().setRandomSeed(5);
                NDArray frames = sm.randomUniform(0f, 1f, new Shape(2, 3, 3, 32, 32));
                for (LatentPoseModel m : new LatentPoseModel[] {live, ema}) {
                    assertArrayEquals(old.identity(frames).toFloatArray(), m.identity(frames).toFloatArray(), 1e-6f);
                    assertEquals(0f, m.parameters().get(head).getArray().abs().max().getFloat());
                    // a silent head gives the same pose whatever the frame: its bias alone
                    NDArray pose = m.pose(frames.get(":, 0"));
                    assertArrayEquals(pose.get(0).toFloatArray(), pose.get(1).toFloatArray(), 0f);
                }
            }
            assertTrue(log.toString().contains("did not fit [" + head + "]"), log.toString());
        }
    }

    @Test
    void aFileWithNothingThatFitsIsAnError() throws Exception {
        try (NDManager root = NDManager.newBaseManager();
             LatentPoseModel live = LatentPoseModel.create(TinyModel.config(), root, 0, 2);
             LatentPoseModel ema = LatentPoseModel.create(TinyModel.config(), root, 0, 3)) {
            Path file = dir.resolve("other.weights");
            try (var out = Files.newOutputStream(file)) {
                WeightsFile.write(out, Map.of("something/else", new WeightsFile.Tensor(new long[] {2}, new float[] {1, 2})),
                        WeightsFile.Precision.FP32);
            }
            assertThrows(IllegalArgumentException.class,
                    () -> WarmStart.from(file, live, ema, new PrintStream(new ByteArrayOutputStream())));
        }
    }
}
