package io.reenact.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.reenact.model.ExpressionReading;
import io.reenact.model.LatentPoseModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExpressionFitTest {

    @Test
    void theCommittedWarpCheckpointsReadingReadsTheJawOfPeopleItNeverSaw() throws Exception {
        Path shipped = Path.of("checkpoints", "warp-128");
        ExpressionReading reading = ExportedModel.expressionReading(shipped);
        assertNotNull(reading, "the shipped warping checkpoint carries its expression reading");
        try (NDManager root = NDManager.newBaseManager();
             LatentPoseModel model = ExportedModel.load(shipped, root)) {
            assertEquals(model.config().poseDim(), reading.codeDim());
            double r2 = JawReadingCheck.rSquared(model, reading, 4, root);
            // the pose probe, fitted on held-out people, reads the jaw at R² 0.81; one fitted on training people does as well
            assertTrue(r2 > 0.6, "jaw read at R² " + r2);
        }
    }
}
