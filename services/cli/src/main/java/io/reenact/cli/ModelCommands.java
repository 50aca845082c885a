package io.reenact.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The model's own tools, reached through {@code reenact}: each passes its arguments untouched to
 * the model module's main class, which owns their options and help ({@code reenact train --help}).
 */
final class ModelCommands {

    private ModelCommands() {
    }

    /** Runs {@code mainClass.main(args)}; a main that returns normally counts as success. */
    abstract static class Delegating implements Callable<Integer> {

        @Unmatched
        List<String> args = new ArrayList<>();

        abstract String mainClass();

        @Override
        public Integer call() throws Exception {
            Method main;
            try {
                main = Class.forName(mainClass()).getMethod("main", String[].class);
            } catch (ClassNotFoundException | NoSuchMethodException e) {
                System.err.println("this build has no " + mainClass() + " (" + e.getMessage() + ")");
                return 2;
            }
            try {
                main.invoke(null, (Object) args.toArray(String[]::new));
                return 0;
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception ex) {
                    throw ex;
                }
                throw new IllegalStateException(cause);
            }
        }
    }

    @Command(name = "train", description = "Train the networks (synthetic heads or a directory of videos).")
    static final class Train extends Delegating {
        @Override
        String mainClass() {
            return "io.reenact.model.train.TrainMain";
        }
    }

    @Command(name = "finetune", description = "Fine-tune the generator on one person's frames (the paper's per-person stage).")
    static final class FineTune extends Delegating {
        @Override
        String mainClass() {
            return "io.reenact.model.finetune.FineTuneMain";
        }
    }

    @Command(name = "eval", description = "Self- and cross-driving evaluation on held-out synthetic identities.")
    static final class Eval extends Delegating {
        @Override
        String mainClass() {
            return "io.reenact.model.eval.EvalMain";
        }
    }

    @Command(name = "bench", description = "Per-frame inference latency of the model configurations.")
    static final class Bench extends Delegating {
        @Override
        String mainClass() {
            return "io.reenact.model.bench.Bench";
        }
    }

    @Command(name = "heads", description = "Contact sheet of synthetic identities x poses (PNG).")
    static final class Heads extends Delegating {
        @Override
        String mainClass() {
            return "io.reenact.model.data.HeadsMain";
        }
    }
}
