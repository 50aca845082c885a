package io.reenact.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.reenact.model.LatentPoseModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

    @TempDir
    Path dir;

    @Test
    void savedCheckpointLoadsIntoAFreshModelWithIdenticalOutput() throws Exception {
        TrainConfig config = TinyModel.train(dir, 1, 1, true);
        try (NDManager root = NDManager.newBaseManager();
             LatentPoseModel a = LatentPoseModel.create(TinyModel.config(), root, 3, 1);
             LatentPoseModel aEma = LatentPoseModel.create(TinyModel.config(), root, 0, 2);
             LatentPoseModel b = LatentPoseModel.create(TinyModel.config(), root, 3, 3);
             LatentPoseModel bEma = LatentPoseModel.create(TinyModel.config(), root, 0, 4)) {
            Checkpoints checkpoints = new Checkpoints(dir);
            assertNull(checkpoints.loadLatest(b, bEma), "no checkpoint yet");
            checkpoints.save(42, 1.5, a, aEma, new LossHistory(), config);
            Checkpoints.State state = new Checkpoints(dir).loadLatest(b, bEma);
            assertEquals(42, state.step());
            float[][] outA = render(root, a);
            float[][] outB = render(root, b);
            assertArrayEquals(outA[0], outB[0], "same RGB after save → load");
            assertArrayEquals(outA[1], outB[1], "same mask after save → load");
            assertArrayEquals(render(root, aEma)[0], render(root, bEma)[0], "EMA weights restored too");
            // a run directory still training (no export yet) evaluates from its newest EMA checkpoint
            try (LatentPoseModel fromRun = ExportedModel.load(dir, root)) {
                assertArrayEquals(render(root, aEma)[0], render(root, fromRun)[0]);
            }
            // the fp16 export is what the product ships: equal to within half precision
            Path export = checkpoints.export(aEma, config, 42, 1.5);
            try (LatentPoseModel c = ExportedModel.load(export, root)) {
                float[] exact = render(root, aEma)[0];
                float[] half = render(root, c)[0];
                for (int i = 0; i < exact.length; i++) {
                    assertEquals(exact[i], half[i], 0.02f, "fp16 export at " + i);
                }
            }
            assertTrue(java.nio.file.Files.readString(export.resolve("training.json")).contains("\"steps\": 42"));
        }
    }

    private static float[][] render(NDManager root, LatentPoseModel m) {
        try (NDManager sm = root.newSubManager()) {
            sm.getEngine().setRandomSeed(9);
            NDArray frames = sm.randomUniform(0f, 1f, new Shape(2, 3, 3, 32, 32));
            NDArray id = m.identity(frames);
            NDArray pose = m.pose(frames.get(":, 0"));
            var g = m.render(id, pose);
            return new float[][] {g.rgb().toFloatArray(), g.mask().toFloatArray()};
        }
    }
}
