package io.reenact.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.reenact.model.ModelConfig;
import io.reenact.model.WeightsFile;
import io.reenact.model.augment.AugmentedSample;
import io.reenact.model.augment.PoseAugmentation;
import io.reenact.model.data.TrainingSample;
import io.reenact.model.data.VideoDataset;
import io.reenact.model.loss.SegmentationLoss;
import io.reenact.model.segmenter.Segmenter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Trains the stand-alone {@link Segmenter} on ground-truth masks (the synthetic renderer's exact ones,
 * or a frames directory's). Inputs get the pixel-level augmentations and the shared shift (no scale
 * or elastic warp, which would move the frame away from its mask), so the segmenter does not rely on
 * one camera's colours. Loss: BCE + dice.
 */
public final class SegmenterTrainer {

    /** Options of a segmenter run. */
    public record Config(ModelConfig model, Path out, int steps, int batch, float learningRate, int checkpointEvery,
                         long seed, List<String> command) {
    }

    /** Result: steps, final loss (mean of the last 20 steps), and where the weights are. */
    public record Result(long steps, double loss, double meanIou, Path weights) {
    }

    private static final PoseAugmentation.Settings INPUT_AUGMENTATION =
            new PoseAugmentation.Settings(5, 0, 0, 0, 0.5, 0.05);

    private final Config config;
    private final VideoDataset dataset;
    private final PrintStream log;

    public SegmenterTrainer(Config config, VideoDataset dataset, PrintStream log) {
        this.config = config;
        this.dataset = dataset;
        this.log = log;
    }

    public Result run() throws IOException {
        Files.createDirectories(config.out());
        int s = dataset.imageSize();
        PoseAugmentation augmentation = new PoseAugmentation(INPUT_AUGMENTATION);
        SegmentationLoss loss = new SegmentationLoss();
        LossHistory history = new LossHistory();
        try (NDManager root = NDManager.newBaseManager(); NDManager params = root.newSubManager()) {
            Engine.getInstance().setRandomSeed((int) config.seed());
            Segmenter segmenter = new Segmenter(config.model());
            segmenter.initialize(params, DataType.FLOAT32, new Shape(1, 3, s, s));
            Map<String, Parameter> trainable = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : segmenter.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    trainable.put(p.getKey(), p.getValue());
                }
            }
            ParameterGroup group = new ParameterGroup("segmenter", trainable, config.learningRate(), 0.9f, 0.999f);
            ParameterStore ps = new ParameterStore(params, false);
            ProgressBar bar = new ProgressBar(log, "segmenter", 0, config.steps());
            long start = System.nanoTime();
            double iou = Double.NaN;
            GradientGuard guard = new GradientGuard();
            int skipped = 0;
            int nonFiniteInARow = 0;
            for (int step = 1; step <= config.steps(); step++) {
                Random rng = new Random(config.seed() * 31 + step);
                float[] x = new float[config.batch() * 3 * s * s];
                float[] y = new float[config.batch() * s * s];
                for (int b = 0; b < config.batch(); b++) {
                    TrainingSample sample = dataset.sample(rng.nextInt(dataset.videoCount()), 1, rng);
                    AugmentedSample a = augmentation.apply(sample.target(), sample.target(), sample.targetMask(), rng);
                    ImageTensors.putChw(a.poseFrame(), x, b * 3 * s * s);
                    ImageTensors.putMask(a.targetMask(), y, b * s * s);
                }
                Map<String, Float> losses = new LinkedHashMap<>();
                try (NDManager sm = root.newSubManager()) {
                    NDArray input = sm.create(x, new Shape(config.batch(), 3, s, s));
                    NDArray target = sm.create(y, new Shape(config.batch(), 1, s, s));
                    boolean finite;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = segmenter.forward(ps, new ai.djl.ndarray.NDList(input), true).singletonOrThrow();
                        NDArray l = loss.compute(logits, target);
                        float value = l.getFloat();
                        finite = Float.isFinite(value);
                        if (finite) {
                            losses.put("seg", value);
                            iou = iou(logits.stopGradient(), target);
                            losses.put("iou", (float) iou);
                            gc.backward(l);
                        }
                    }
                    // libtorch's CPU kernels now and then give a garbage forward pass (a NaN loss on
                    // finite weights) or gradient; one such update would wreck the Adam moments (seen:
                    // IoU 0.85, then NaN for good), so the step is dropped and not logged as a loss
                    nonFiniteInARow = finite ? 0 : nonFiniteInARow + 1;
                    if (nonFiniteInARow > Trainer.MAX_NON_FINITE_STEPS) {
                        throw new TrainingDiverged("segmentation loss not finite for " + nonFiniteInARow + " steps in a row");
                    }
                    if (finite && guard.accept(group.gradientNorm())) {
                        group.step();
                    } else {
                        group.clear();
                        skipped++;
                    }
                }
                history.add(step, (System.nanoTime() - start) / 1e9, losses);
                bar.update(step, losses);
                if (step % config.checkpointEvery() == 0 || step == config.steps()) {
                    bar.breakLine();
                    save(segmenter, config.out());
                    history.writeCsv(config.out().resolve("segmenter-loss.csv"));
                    LossCurvePlot.write(history, config.out().resolve("segmenter-loss.png"), "segmenter training");
                }
            }
            Path weights = save(segmenter, config.out());
            Checkpoints.writeAtomically(weights.resolveSibling("config.json"), config.model().toJson());
            log.printf(Locale.ROOT, "segmenter: %d steps (%d updates skipped), %.3f s/step, IoU (last 20 steps) %.3f, weights %s%n",
                    config.steps(), skipped, bar.secondsPerStep(), history.recentMean("iou", 20), weights);
            return new Result(config.steps(), history.recentMean("seg", 20), history.recentMean("iou", 20), weights);
        }
    }

    /** Mean IoU of masks thresholded at 0.5 (logit 0). */
    private static double iou(NDArray logits, NDArray target) {
        NDArray p = logits.gt(0f).toType(DataType.FLOAT32, false);
        NDArray t = target.gt(0.5f).toType(DataType.FLOAT32, false);
        float inter = p.mul(t).sum().getFloat();
        float union = p.add(t).gt(0f).toType(DataType.FLOAT32, false).sum().getFloat();
        return union == 0 ? 1.0 : inter / union;
    }

    /** The segmenter's weights (fp32 {@link WeightsFile}, names {@code segmenter/...}) in {@code OUT/segmenter/}. */
    static Path save(Segmenter segmenter, Path out) throws IOException {
        Path dir = out.resolve("segmenter");
        Files.createDirectories(dir);
        Path file = dir.resolve("segmenter.weights");
        WeightsFile.write(file, parameters(segmenter), WeightsFile.Precision.FP32);
        return file;
    }

    /** Every parameter of the segmenter, named as in its weights file. */
    public static Map<String, Parameter> parameters(Segmenter segmenter) {
        Map<String, Parameter> all = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : segmenter.getParameters()) {
            all.put("segmenter/" + p.getKey(), p.getValue());
        }
        return all;
    }
}
