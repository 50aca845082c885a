package io.reenact.model.train;

import io.reenact.model.ModelConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a training run depends on; each field is a command-line option of {@link TrainMain}.
 *
 * <p>Learning rates: the paper's G-side 5e-5 is tuned for days of multi-GPU training; a run of an
 * hour on two CPU cores takes ~10⁴ steps, so the default is 2e-4 (β1 = 0 as in the paper), with the
 * EMA (0.999) smoothing out the extra noise. The discriminator keeps the paper's 2e-4.
 *
 * @param model           network sizes
 * @param out             run directory: checkpoints, loss history, curves, export
 * @param steps           total optimisation steps (a resumed run continues up to this count)
 * @param batch           samples per step (B)
 * @param k               identity frames per sample (K; the paper's 8)
 * @param lrGenerator     Adam learning rate of encoders, MLP and generator
 * @param lrDiscriminator Adam learning rate of the discriminator
 * @param lrPose          Adam learning rate of the pose encoder (0: the G side's). The small encoder
 *                        learns the expression from the synthetic ground truth at 2e-3 alone and not
 *                        at the G side's 2e-4 beside the renderer's much larger losses
 * @param beta1           Adam β1 for both (paper 0)
 * @param beta2           Adam β2 for both
 * @param emaDecay        decay of the exponential moving average of G-side weights
 * @param checkpointEvery steps between checkpoints (and loss-curve plots)
 * @param adversarial     train with discriminator (hinge, feature matching, embedding match)
 * @param augment         apply the paper's pose augmentation
 * @param weights         loss weights
 * @param identities      synthetic training identities (when {@code data} is null)
 * @param framesPerVideo  frames per synthetic video
 * @param data            directory of real frames (person/video/frames), or null for synthetic heads
 * @param seed            seed of data sampling, augmentation and initialisation
 * @param command         the command line that started the run, recorded in the export
 * @param initFrom        an exported checkpoint whose weights start a new run where their shapes fit
 *                        (null: fresh initialisation); ignored when the run resumes
 */
public record TrainConfig(
        ModelConfig model,
        Path out,
        int steps,
        int batch,
        int k,
        float lrGenerator,
        float lrDiscriminator,
        float lrPose,
        float beta1,
        float beta2,
        float emaDecay,
        int checkpointEvery,
        boolean adversarial,
        boolean augment,
        LossWeights weights,
        int identities,
        int framesPerVideo,
        Path data,
        long seed,
        List<String> command,
        Path initFrom) {

    public TrainConfig {
        if (steps < 0 || batch < 1 || k < 1 || checkpointEvery < 1 || lrPose < 0) {
            throw new IllegalArgumentException("steps >= 0, batch >= 1, k >= 1, checkpointEvery >= 1, lrPose >= 0 required");
        }
        command = command == null ? List.of() : List.copyOf(command);
    }

    public static TrainConfig defaults(Path out) {
        return new TrainConfig(ModelConfig.defaults(), out, 10_000, 8, 8, 2e-4f, 2e-4f, 0f, 0f, 0.999f, 0.999f,
                500, true, true, LossWeights.defaults(), 2000, 64, null, 1L, List.of(), null);
    }

    /** The pose encoder's learning rate in effect. */
    public float effectiveLrPose() {
        return lrPose > 0 ? lrPose : lrGenerator;
    }

    public TrainConfig withSteps(int newSteps) {
        return new TrainConfig(model, out, newSteps, batch, k, lrGenerator, lrDiscriminator, lrPose, beta1, beta2, emaDecay,
                checkpointEvery, adversarial, augment, weights, identities, framesPerVideo, data, seed, command, initFrom);
    }
}
