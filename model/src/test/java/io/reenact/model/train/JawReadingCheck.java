package io.reenact.model.train;

import ai.djl.ndarray.NDManager;
import io.reenact.model.ExpressionReading;
import io.reenact.model.LatentPoseModel;
import io.reenact.model.RgbImage;
import io.reenact.model.data.SyntheticVideo;
import io.reenact.model.eval.HeldOutPopulation;
import io.reenact.model.layers.Ops;
import java.util.ArrayList;
import java.util.List;

/** How well an {@link ExpressionReading} reads the jaw off a model's codes of people it never saw. */
public final class JawReadingCheck {

    private JawReadingCheck() {
    }

    /** R² of the reading's jaw against the true jaw over the driving videos of {@code people} held-out people. */
    public static double rSquared(LatentPoseModel model, ExpressionReading reading, int people, NDManager root) {
        HeldOutPopulation population = new HeldOutPopulation(1L, people);
        List<Double> truth = new ArrayList<>();
        List<Double> read = new ArrayList<>();
        for (int a = 0; a < population.size(); a++) {
            SyntheticVideo video = population.driveVideo(a);
            List<RgbImage> frames = new ArrayList<>();
            for (int t = 0; t < video.frameCount(); t++) {
                frames.add(video.frame(t, model.config().imageSize()).image());
                truth.add((double) video.pose(t).jawOpen());
            }
            for (float[] code : Ops.rows(model.pose(ImageTensors.images(root, frames)))) {
                read.add((double) reading.read(code)[0]);
            }
        }
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
