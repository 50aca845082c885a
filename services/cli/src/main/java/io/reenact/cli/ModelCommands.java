package io.reenact.cli;

import io.reenact.model.bench.Bench;
import io.reenact.model.data.HeadsMain;
import io.reenact.model.finetune.FineTuneMain;
import io.reenact.model.train.ExpressionFit;
import io.reenact.model.train.TrainMain;
import io.reenact.vision.VisionBench;
import io.reenact.vision.eval.PaperMetricsMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * The model's own tools, reached through {@code reenact}: each passes its arguments untouched to
 * the model module's main, which owns their options and help ({@code reenact train --help}).
 * The mains are called directly, not looked up by name, so a renamed one fails the build, not the user.
 */
final class ModelCommands {

    private ModelCommands() {
    }

    /** A model tool's {@code main}. */
    @FunctionalInterface
    interface Main {
        void run(String[] args) throws Exception;
    }

    /** Runs the tool's main; a main that returns normally counts as success. */
    abstract static class Delegating implements Callable<Integer> {

        @Unmatched
        List<String> args = new ArrayList<>();

        abstract Main main();

        @Override
        public Integer call() throws Exception {
            main().run(args.toArray(String[]::new));
            return 0;
        }
    }

    @Command(name = "train", description = "Train the networks (synthetic heads or a directory of videos).")
    static final class Train extends Delegating {
        @Override
        Main main() {
            return TrainMain::main;
        }
    }

    @Command(name = "finetune", description = "Fine-tune the renderer (AdaIN generator or warping renderer) on one person's frames (the paper's per-person stage).")
    static final class FineTune extends Delegating {
        @Override
        Main main() {
            return FineTuneMain::main;
        }
    }

    @Command(name = "eval", description = "Self- and cross-driving evaluation on held-out synthetic identities.")
    static final class Eval extends Delegating {
        @Override
        Main main() {
            return io.reenact.vision.eval.EvalMain::main;
        }
    }

    @Command(name = "fit-expression",
            description = "Fit the expression reading a warping checkpoint chooses the avatar frame it warps by.")
    static final class FitExpression extends Delegating {
        @Override
        Main main() {
            return ExpressionFit::main;
        }
    }

    @Command(name = "bench", description = "Per-frame inference latency of the model configurations.")
    static final class BenchCommand extends Delegating {
        @Override
        Main main() {
            return Bench::main;
        }
    }

    @Command(name = "paper-metrics",
            description = "The paper's two figures on held-out synthetic identities: landmark pose error under self-driving, "
                    + "identity (face-shape) leakage under cross-driving, against the keypoint-driven baseline.")
    static final class PaperMetrics extends Delegating {
        @Override
        Main main() {
            return PaperMetricsMain::main;
        }
    }

    @Command(name = "identity",
            description = "How much the output looks like the avatar: face-recognition cosine (MobileFaceNet) per frame, "
                    + "beside same-person and different-person levels measured on real images.")
    static final class Identity extends Delegating {
        @Override
        Main main() {
            return io.reenact.vision.identity.IdentityMain::main;
        }
    }

    @Command(name = "bench-vision",
            description = "Per-frame cost of face detection, person masks and landmarks; face-found rate and crop jitter.")
    static final class BenchVision extends Delegating {
        @Override
        Main main() {
            return VisionBench::main;
        }
    }

    @Command(name = "heads", description = "Contact sheet of synthetic identities x poses (PNG).")
    static final class Heads extends Delegating {
        @Override
        Main main() {
            return HeadsMain::main;
        }
    }
}
