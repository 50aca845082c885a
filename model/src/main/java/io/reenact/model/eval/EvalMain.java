package io.reenact.model.eval;

import ai.djl.ndarray.NDManager;
import io.reenact.model.ExpressionReading;
import io.reenact.model.LatentPoseModel;
import io.reenact.model.ModelConfig;
import io.reenact.model.data.Split;
import io.reenact.model.train.ExportedModel;
import io.reenact.model.train.ExpressionFit;
import io.reenact.model.train.Flags;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** {@code eval}: scores a checkpoint on held-out synthetic identities; writes eval.md and eval-grid.png. */
public final class EvalMain {

    public static final String USAGE = """
            usage: eval [--checkpoint DIR] [--out DIR] [--json FILE] [--seed S] [--identities N] [--frames N]
                        [--drivers N] [--k K] [--finetune-steps N] [--people test|train]
              --checkpoint DIR   exported checkpoint (config.json + model.weights) or a training run directory
                                 (default: the shipped one, under model/checkpoints/)
              --out DIR          where eval.md and eval-grid.png go (default: out/eval/<checkpoint name>)
              --json FILE        also write the figures with fixed keys (cross, self, baselines) as JSON,
                                 with standard_error: how far the PSNR means could move on other people
              --seed S           synthetic-head population seed; use the training seed (default 1)
              --identities N     held-out avatars (default 10)   --frames N  frames per driver (default 8)
              --drivers N        cross drivers per avatar (default 3)   --k K  enrolment frames (default 32)
              --finetune-steps N fine-tune each avatar first (default 0)
              --finetune-lr LR   its learning rate (default: the fine-tuner's)
              --finetune-ema D   EMA decay of the tuned weights (default: the fine-tuner's)
              --people test|train whose heads: held-out people (default), or the first N people training
                                 saw, in new videos (does the model fit its own training people?)
            """;

    /** The checkpoint the project ships, relative to the project's root (where ./reenact runs). */
    static final Path SHIPPED = Path.of("model", "checkpoints", ModelConfig.DEFAULT_NAME);

    private EvalMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--help")) {
            System.out.print(USAGE);
            return;
        }
        run(parse(args), null);
    }

    /** The options of the command line; unknown or bad ones throw IllegalArgumentException. */
    public static EvalConfig parse(String[] args) {
        Flags f = new Flags(args, Set.of());
        Path checkpoint = f.path("checkpoint", SHIPPED);
        if (!java.nio.file.Files.isDirectory(checkpoint)) {
            throw new IllegalArgumentException("no checkpoint directory " + checkpoint + " (give --checkpoint DIR)");
        }
        Path out = f.path("out", Path.of("out", "eval", checkpoint.toAbsolutePath().normalize().getFileName().toString()));
        EvalConfig d = EvalConfig.defaults(checkpoint, out);
        EvalConfig config = new EvalConfig(checkpoint, out, f.longValue("seed", d.seed()),
                f.integer("identities", d.identities()), f.integer("frames", d.frames()),
                f.integer("drivers", d.drivers()), f.integer("k", d.k()), f.integer("finetune-steps", 0), f.floating("finetune-lr", d.finetuneLr()),
                f.floating("finetune-ema", d.finetuneEma()), f.path("json", null), people(f.string("people", "test")));
        f.rejectUnknown();
        return config;
    }

    private static Split people(String name) {
        return switch (name) {
            case "test" -> Split.TEST;
            case "train" -> Split.TRAIN;
            default -> throw new IllegalArgumentException("--people is test or train, not " + name);
        };
    }

    /**
     * The checkpoint's reading, or for a warping model whose checkpoint has none (a training run's step
     * directory) one fitted as the trainer's export fits it: without it the frame is chosen by the code
     * alone, which is not how the export will serve (shipped weights, seed 1, trust bias 0: mouth-open
     * correlation 0.52 → 0.43), and a run would be judged by a handicap.
     */
    static ExpressionReading expressionReading(EvalConfig config, LatentPoseModel model, NDManager manager)
            throws IOException {
        ExpressionReading reading = ExportedModel.expressionReading(config.checkpoint());
        if (reading != null || !model.config().warps()) {
            return reading;
        }
        long start = System.nanoTime();
        reading = ExpressionFit.asExported(model, config.seed(), manager);
        System.err.printf(Locale.ROOT, "eval: no %s beside the weights; fitted one as the export does (%.0f s)%n",
                ExpressionReading.FILE, (System.nanoTime() - start) / 1e9);
        return reading;
    }

    /** Runs an evaluation, reading expressions with {@code landmarks} when given (the CLI passes dlib's). */
    public static Evaluation.Result run(EvalConfig config, LandmarkReader landmarks) throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
             LatentPoseModel model = ExportedModel.load(config.checkpoint(), manager)) {
            return new Evaluation(config, System.err).withLandmarks(landmarks)
                    .withExpressionReading(expressionReading(config, model, manager)).run(model);
        }
    }
}
