package io.reenact.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.reenact.model.ExpressionReading;
import io.reenact.model.LatentPoseModel;
import io.reenact.model.RgbImage;
import io.reenact.model.data.SyntheticVideo;
import io.reenact.model.eval.HeldOutPopulation;
import io.reenact.model.layers.Ops;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpressionFitTest {

    @Test
    void theCommittedWarpCheckpointsReadingReadsTheJawOfPeopleItNeverSaw() throws Exception {
        Path shipped = Path.of("checkpoints", "warp-128");
        ExpressionReading reading = ExportedModel.expressionReading(shipped);
        assertNotNull(reading, "the shipped warping checkpoint carries its expression reading");
        HeldOutPopulation people = new HeldOutPopulation(1L, 4);
        List<Double> truth = new ArrayList<>();
        List<Double> read = new ArrayList<>();
        try (NDManager root = NDManager.newBaseManager();
             LatentPoseModel model = ExportedModel.load(shipped, root)) {
            assertEquals(model.config().poseDim(), reading.codeDim());
            for (int a = 0; a < people.size(); a++) {
                SyntheticVideo video = people.driveVideo(a);
                List<RgbImage> frames = new ArrayList<>();
                for (int t = 0; t < video.frameCount(); t++) {
                    frames.add(video.frame(t, model.config().imageSize()).image());
                    truth.add((double) video.pose(t).jawOpen());
                }
                for (float[] code : Ops.rows(model.pose(ImageTensors.images(root, frames)))) {
                    read.add((double) reading.read(code)[0]);
                }
            }
        }
        double r2 = rSquared(truth, read);
        // the pose probe, fitted on held-out people, reads the jaw at R² 0.81; one fitted on training people does as well
        assertTrue(r2 > 0.6, "jaw read at R² " + r2);
    }

    private static double rSquared(List<Double> truth, List<Double> read) {
        double mean = truth.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double residual = 0;
        double total = 0;
        for (int i = 0; i < truth.size(); i++) {
            residual += Math.pow(truth.get(i) - read.get(i), 2);
            total += Math.pow(truth.get(i) - mean, 2);
        }
        return 1 - residual / total;
    }
}
