package io.reenact.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code reenact soak}: see {@link Soak}. */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Drives N synthetic streams at 25 frames/s each through the local pipeline for M minutes and "
                + "reports frames/s per stream, end-to-end latency, every frame accounted for and resident memory "
                + "over time (JSON and a PNG curve).")
final class SoakCommand implements Callable<Integer> {

    @Option(names = "--streams", defaultValue = "8", description = "concurrent streams (default ${DEFAULT-VALUE})")
    int streams;

    @Option(names = "--minutes", defaultValue = "10", description = "how long (default ${DEFAULT-VALUE})")
    double minutes;

    @Option(names = "--fps", defaultValue = "25", description = "frames/s of each stream (default ${DEFAULT-VALUE})")
    double fps;

    @Option(names = "--warm-up", defaultValue = "60", paramLabel = "SECONDS",
            description = "memory is judged from this point on (default ${DEFAULT-VALUE})")
    long warmUpSeconds;

    @Option(names = "--deadline-ms", defaultValue = "1000", description = "frames older than this are dropped (default ${DEFAULT-VALUE})")
    long deadlineMs;

    @Option(names = "--partitions", defaultValue = "4", description = "partitions per live topic (default ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--checkpoint", description = "model checkpoint directory (default: the shipped one)")
    Path checkpoint;

    @Option(names = "--json", description = "also write the figures here")
    Path json;

    @Option(names = "--png", defaultValue = "out/soak-memory.png", description = "memory curve (default ${DEFAULT-VALUE})")
    Path png;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (streams < 1 || !(minutes > 0) || !(fps > 0)) {
            throw new ParameterException(spec.commandLine(), "--streams, --minutes and --fps must be positive");
        }
        Duration duration = Duration.ofMillis(Math.round(minutes * 60_000));
        LocalPipeline.Options options = new LocalPipeline.Options(checkpoint, partitions, Duration.ofMillis(deadlineMs),
                "auto", 0, null, "reenact-soak-", true);
        JsonObject result = new Soak(streams, duration, fps, Duration.ofSeconds(warmUpSeconds), options, System.out).run();
        JsonObject shown = result.copy();
        shown.remove("rss_mb_curve");
        System.out.println(shown.encodePrettily());
        MemoryCurve.write(result, png);
        System.out.println("memory curve: " + png.toAbsolutePath().normalize());
        if (json != null) {
            if (json.toAbsolutePath().getParent() != null) {
                Files.createDirectories(json.toAbsolutePath().getParent());
            }
            Files.writeString(json, result.encodePrettily());
            System.out.println("wrote " + json.toAbsolutePath().normalize());
        }
        return result.getLong("frames_accounted").equals(result.getLong("frames_published")) ? 0 : 1;
    }
}
