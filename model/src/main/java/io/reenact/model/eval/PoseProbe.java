package io.reenact.model.eval;

import ai.djl.ndarray.NDManager;
import io.reenact.model.LatentPoseModel;
import io.reenact.model.RgbImage;
import io.reenact.model.data.HeadPose;
import io.reenact.model.data.SyntheticVideo;
import io.reenact.model.train.ImageTensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the latent pose descriptor carries: a linear probe (ridge regression) from the pose encoder's
 * code to each true factor of held-out synthetic frames (head rotation, position, size and each
 * expression), fitted on the first half of the people and scored as R² on the others. A factor the
 * code does not carry cannot reach the renderer, however it is trained; one the code carries that the
 * output does not follow points at the renderer.
 *
 * @param r2 per factor, R² on the held-out half (1 = read off the code exactly; 0 = no better than the
 *           factor's mean; negative = worse)
 */
public record PoseProbe(Map<String, Double> r2) {

    public static final List<String> FACTORS = List.of("yaw", "pitch", "roll", "x", "y", "scale",
            "jaw_open", "smile", "blink", "brow_raise", "gaze_x", "gaze_y");

    /** Held-out people probed (64 frames each): half fit 65 weights, so fewer would overfit. */
    public static final int PEOPLE = 40;

    /** Keeps the fit well-posed with few people; the codes' scale is ~1, so this is a light touch. */
    private static final double RIDGE = 1e-2;

    /** Every frame of each person's driving video. */
    public static PoseProbe measure(LatentPoseModel model, HeldOutPopulation population, NDManager parent) {
        int n = population.size();
        if (n < 2) {
            throw new IllegalArgumentException("the probe needs at least 2 people (fit on half, score on the rest)");
        }
        int size = model.config().imageSize();
        List<double[]> codes = new ArrayList<>();
        List<double[]> truths = new ArrayList<>();
        List<Integer> person = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            SyntheticVideo video = population.driveVideo(a);
            List<RgbImage> frames = new ArrayList<>();
            for (int t = 0; t < video.frameCount(); t++) {
                frames.add(video.frame(t, size).image());
                truths.add(factors(video.pose(t)));
                person.add(a);
            }
            codes.addAll(codeRows(model, frames, parent));
        }
        int fitPeople = n / 2;
        Map<String, Double> r2 = new LinkedHashMap<>();
        for (int f = 0; f < FACTORS.size(); f++) {
            List<double[]> xFit = new ArrayList<>();
            List<Double> yFit = new ArrayList<>();
            List<double[]> xTest = new ArrayList<>();
            List<Double> yTest = new ArrayList<>();
            for (int i = 0; i < codes.size(); i++) {
                boolean fit = person.get(i) < fitPeople;
                (fit ? xFit : xTest).add(codes.get(i));
                (fit ? yFit : yTest).add(truths.get(i)[f]);
            }
            double[] w = LeastSquares.ridge(xFit, yFit, RIDGE);
            r2.put(FACTORS.get(f), rSquared(xTest, yTest, w));
        }
        return new PoseProbe(r2);
    }

    /** The pose codes of frames as rows of a linear fit: the code's entries, then 1 for the bias. */
    public static List<double[]> codeRows(LatentPoseModel model, List<RgbImage> frames, NDManager parent) {
        List<double[]> rows = new ArrayList<>();
        try (NDManager m = parent.newSubManager()) {
            float[] all = model.pose(ImageTensors.images(m, frames)).toFloatArray();
            int dim = all.length / frames.size();
            for (int t = 0; t < frames.size(); t++) {
                double[] row = new double[dim + 1];
                for (int j = 0; j < dim; j++) {
                    row[j] = all[t * dim + j];
                }
                row[dim] = 1;
                rows.add(row);
            }
        }
        return rows;
    }

    static double[] factors(HeadPose p) {
        return new double[] {p.yaw(), p.pitch(), p.roll(), p.tx(), p.ty(), p.scale(), p.jawOpen(), p.smile(),
            p.blink(), p.browRaise(), p.gazeX(), p.gazeY()};
    }

    static double rSquared(List<double[]> x, List<Double> y, double[] w) {
        double mean = y.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double residual = 0;
        double total = 0;
        for (int i = 0; i < x.size(); i++) {
            double predicted = 0;
            for (int j = 0; j < w.length; j++) {
                predicted += w[j] * x.get(i)[j];
            }
            residual += Math.pow(y.get(i) - predicted, 2);
            total += Math.pow(y.get(i) - mean, 2);
        }
        return total == 0 ? Double.NaN : 1 - residual / total;
    }
}
