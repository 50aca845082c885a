package io.reenact.model.eval;

import ai.djl.ndarray.NDManager;
import io.reenact.model.LatentPoseModel;
import io.reenact.model.train.ExportedModel;
import io.reenact.model.train.Flags;
import java.nio.file.Path;
import java.util.Set;

/** {@code eval}: scores a checkpoint on held-out synthetic identities; writes eval.md and eval-grid.png. */
public final class EvalMain {

    static final String USAGE = """
            usage: eval --checkpoint DIR [--out DIR] [--seed S] [--identities N] [--frames N] [--drivers N]
                        [--k K] [--finetune-steps N]
              --checkpoint DIR   exported checkpoint (config.json + model.weights) or a training run directory
              --out DIR          where eval.md and eval-grid.png go (default: the checkpoint directory)
              --seed S           synthetic-head population seed; use the training seed (default 1)
              --identities N     held-out avatars (default 10)   --frames N  frames per driver (default 8)
              --drivers N        cross drivers per avatar (default 3)   --k K  identity frames (default 8)
              --finetune-steps N fine-tune each avatar first (default 0)
              --finetune-lr LR   its learning rate (default: the fine-tuner's)
              --finetune-ema D   EMA decay of the tuned weights (default: the fine-tuner's)
            """;

    private EvalMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help")) {
            System.out.print(USAGE);
            return;
        }
        Flags f = new Flags(args, Set.of());
        Path checkpoint = f.requiredPath("checkpoint");
        EvalConfig d = EvalConfig.defaults(checkpoint, checkpoint);
        EvalConfig config = new EvalConfig(checkpoint, f.path("out", checkpoint), f.longValue("seed", d.seed()),
                f.integer("identities", d.identities()), f.integer("frames", d.frames()),
                f.integer("drivers", d.drivers()), f.integer("k", d.k()), f.integer("finetune-steps", 0), f.floating("finetune-lr", d.finetuneLr()),
                f.floating("finetune-ema", d.finetuneEma()));
        f.rejectUnknown();
        try (NDManager manager = NDManager.newBaseManager();
             LatentPoseModel model = ExportedModel.load(checkpoint, manager)) {
            new Evaluation(config, System.err).run(model);
        }
    }
}
