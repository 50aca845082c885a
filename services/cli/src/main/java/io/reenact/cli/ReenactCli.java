package io.reenact.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code reenact}: the project's one command line. */
@Command(name = "reenact", mixinStandardHelpOptions = true, version = "reenact 0.1.0",
        description = "Real-time neural head reenactment (latent pose descriptors) on a Kafka Streams pipeline.",
        subcommands = {DemoCommand.class, PrepareCommand.class, ModelCommands.Train.class, ModelCommands.FineTune.class,
                ModelCommands.Eval.class, ModelCommands.PaperMetrics.class, ModelCommands.Identity.class, ModelCommands.BenchCommand.class, ModelCommands.BenchVision.class, ModelCommands.Heads.class,
                CommandLine.HelpCommand.class})
public final class ReenactCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        return new CommandLine(new ReenactCli()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
