package io.reenact.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.reenact.model.ExpressionReading;
import io.reenact.model.InferenceCheckpoint;
import io.reenact.model.LatentPoseModel;
import io.reenact.model.RgbImage;
import io.reenact.model.data.SyntheticVideo;
import io.reenact.model.layers.Ops;
import io.reenact.model.train.ImageTensors;
import io.reenact.model.train.ExportedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
            List<Double> truth = new ArrayList<>();
            List<Double> read = new ArrayList<>();
            HeldOutPopulation people = new HeldOutPopulation(1L, 2);
            for (int a = 0; a < people.size(); a++) {
                SyntheticVideo video = people.driveVideo(a);
                List<RgbImage> frames = new ArrayList<>();
                for (int t = 0; t < video.frameCount(); t++) {
                    frames.add(video.frame(t, model.config().imageSize()).image());
                    truth.add((double) video.pose(t).jawOpen());
                }
                for (float[] code : Ops.rows(model.pose(ImageTensors.images(root, frames)))) {
                    read.add((double) fitted.read(code)[0]);
                }
            }
            double mean = truth.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double residual = 0;
            double total = 0;
            for (int i = 0; i < truth.size(); i++) {
                residual += Math.pow(truth.get(i) - read.get(i), 2);
                total += Math.pow(truth.get(i) - mean, 2);
            }
            double r2 = 1 - residual / total;
            assertTrue(r2 > 0.6, "jaw read at R² " + r2);
        }
    }
}
