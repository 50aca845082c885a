package io.reenact.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.reenact.model.ExpressionReading;
import io.reenact.model.InferenceCheckpoint;
import io.reenact.model.LatentPoseModel;
import io.reenact.model.train.ExportedModel;
import io.reenact.model.train.JawReadingCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalReadingTest {

    @TempDir
    Path dir;

    @Test
    void aWarpingCheckpointWithoutAReadingIsEvaluatedWithOneFittedAsTheExportFitsIt() throws Exception {
        Path shipped = Path.of("checkpoints", "warp-128");
        for (String file : new String[] {InferenceCheckpoint.CONFIG, InferenceCheckpoint.MODEL}) {
            Files.copy(shipped.resolve(file), dir.resolve(file));
        }
        EvalConfig config = EvalMain.parse(new String[] {"--checkpoint", dir.toString()});
        try (NDManager root = NDManager.newBaseManager();
             LatentPoseModel model = ExportedModel.load(dir, root)) {
            ExpressionReading fitted = EvalMain.expressionReading(config, model, root);
            assertNotNull(fitted, "a reading is fitted when the checkpoint has none");
            assertEquals(model.config().poseDim(), fitted.codeDim());
            // it reads the jaw of people it never saw, as the committed one does (R² 0.77 on 200 people)
            double r2 = JawReadingCheck.rSquared(model, fitted, 2, root);
            assertTrue(r2 > 0.6, "jaw read at R² " + r2);
        }
    }
}
