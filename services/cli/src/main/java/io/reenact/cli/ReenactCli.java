package io.reenact.cli;

import io.reenact.model.train.TrainingDiverged;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code reenact}: the project's one command line. */
@Command(name = "reenact", mixinStandardHelpOptions = true, version = "reenact 0.1.0",
        description = "Real-time neural head reenactment (latent pose descriptors) on a Kafka Streams pipeline.",
        subcommands = {DemoCommand.class, UpCommand.class, TokenCommand.class, SoakCommand.class, PrepareCommand.class, ModelCommands.Train.class, ModelCommands.FineTune.class,
                ModelCommands.Eval.class, ModelCommands.FitExpression.class, ModelCommands.PaperMetrics.class, ModelCommands.Identity.class, ModelCommands.BenchCommand.class, ModelCommands.BenchVision.class, ModelCommands.Heads.class,
                CommandLine.HelpCommand.class})
public final class ReenactCli implements Runnable {

    /** Set (to anything) to see the stack trace behind a one-line error. */
    static final String DEBUG_ENV = "REENACT_DEBUG";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        return new CommandLine(new ReenactCli()).setExecutionExceptionHandler(ReenactCli::failed);
    }

    /**
     * A command that fails says why in one line. The model tools parse their own options and throw
     * {@link IllegalArgumentException} for a bad one: that is a usage error, so the tool's help
     * command follows; anything else is the command failing, with its stack trace only on request.
     */
    private static int failed(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandName();
        err.println("reenact " + name + ": " + oneLine(e));
        if (System.getenv(DEBUG_ENV) != null) {
            e.printStackTrace(err);
        }
        if (e instanceof TrainingDiverged) {
            return TrainingDiverged.EXIT_STATUS;
        }
        if (e instanceof IllegalArgumentException) {
            err.println("usage: reenact " + name + " --help");
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        }
        return cmd.getCommandSpec().exitCodeOnExecutionException();
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            Throwable cause = e.getCause();
            return cause != null ? oneLine(cause) : e.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse(message);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
