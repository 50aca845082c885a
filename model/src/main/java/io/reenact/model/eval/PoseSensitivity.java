package io.reenact.model.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.reenact.model.LatentPoseModel;
import io.reenact.model.RgbImage;
import io.reenact.model.data.RenderedFrame;
import io.reenact.model.train.ImageTensors;
import java.util.ArrayList;
import java.util.List;

/**
 * How much the generator's AdaIN parameters move with the driver's pose compared with the avatar's
 * identity: the health of the pose pathway. When the pose spread is tiny next to the identity spread,
 * the generator draws each avatar in one mean pose whatever the driver does, and its output can do no
 * better than the avatar's mean frame.
 *
 * @param identitySpread RMS over parameters of the standard deviation, across avatars, of each
 *                       avatar's mean parameters
 * @param poseSpread     RMS over parameters of the standard deviation across one avatar's driver frames
 * @param identityNorm   mean L2 norm of the identity embeddings
 * @param poseNorm       mean L2 norm of the pose embeddings
 */
public record PoseSensitivity(double identitySpread, double poseSpread, double identityNorm, double poseNorm) {

    /**
     * Avatar {@code a} of the held-out population (K enrolment frames) is driven by the frames of the
     * next person's driving video.
     */
    public static PoseSensitivity measure(LatentPoseModel model, HeldOutPopulation population, int k, int frames,
                                          int size, NDManager parent) {
        int n = population.size();
        List<float[][]> params = new ArrayList<>();
        double identityNorm = 0;
        double poseNorm = 0;
        for (int a = 0; a < n; a++) {
            try (NDManager m = parent.newSubManager()) {
                List<RgbImage> enrol = population.enrolmentFrames(a, k, size).stream().map(RenderedFrame::image).toList();
                NDArray identity = model.identity(ImageTensors.images(m, enrol).reshape(1, k, 3, size, size));
                List<RgbImage> drivers = new ArrayList<>();
                for (int t = 0; t < frames; t++) {
                    drivers.add(population.driveVideo((a + 1) % n)
                            .frame(HeldOutPopulation.driveFrame(t, frames), size).image());
                }
                NDArray poses = model.pose(ImageTensors.images(m, drivers));
                identityNorm += identity.norm().getFloat();
                poseNorm += poses.norm(new int[] {1}).mean().getFloat();
                float[] all = model.adaInParams(identity.repeat(0, frames), poses, false).toFloatArray();
                int d = all.length / frames;
                float[][] rows = new float[frames][d];
                for (int t = 0; t < frames; t++) {
                    System.arraycopy(all, t * d, rows[t], 0, d);
                }
                params.add(rows);
            }
        }
        int d = params.get(0)[0].length;
        double identityVar = 0;
        double poseVar = 0;
        for (int j = 0; j < d; j++) {
            double[] means = new double[n];
            double grand = 0;
            for (int a = 0; a < n; a++) {
                for (float[] row : params.get(a)) {
                    means[a] += row[j];
                }
                means[a] /= frames;
                grand += means[a] / n;
                for (float[] row : params.get(a)) {
                    poseVar += Math.pow(row[j] - means[a], 2) / ((double) n * frames * d);
                }
            }
            for (int a = 0; a < n; a++) {
                identityVar += Math.pow(means[a] - grand, 2) / ((double) n * d);
            }
        }
        return new PoseSensitivity(Math.sqrt(identityVar), Math.sqrt(poseVar), identityNorm / n, poseNorm / n);
    }
}
