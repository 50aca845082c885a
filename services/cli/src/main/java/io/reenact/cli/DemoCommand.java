package io.reenact.cli;

import io.reenact.model.WarpSources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code reenact demo}: see {@link Demo}. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the whole pipeline in this process on an in-process Kafka broker: enrols an avatar, "
                + "streams a driver through every stage, serves the live viewer, writes out/demo.mp4 "
                + "(driver | reenacted) and prints latency percentiles and frames/s.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--frames", defaultValue = "250", description = "driver frames to stream (default ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--fps", defaultValue = "25", description = "synthetic driver frame rate (default ${DEFAULT-VALUE})")
    double fps;

    @Option(names = "--no-pacing", description = "send driver frames as fast as possible instead of in real time")
    boolean noPacing;

    @Option(names = "--driver", paramLabel = "FILE|URL", description = "a video file or stream URL (default: a synthetic person)")
    String driver;

    @Option(names = "--avatar", paramLabel = "DIR|VIDEO", description = "images or a video of the avatar (default: a synthetic person)")
    String avatar;

    @Option(names = "--k", defaultValue = "" + WarpSources.ENROLLED, description = "enrolment frames (default ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--finetune-steps", defaultValue = "0", description = "per-avatar fine-tuning steps at enrolment (default ${DEFAULT-VALUE})")
    int fineTuneSteps;

    @Option(names = "--relative", description = "drive relatively: the driver's change of pose since its first frame moves "
            + "the avatar from its own pose, so the avatar's head stays where its photo has it (warping models)")
    boolean relative;

    @Option(names = "--seed", defaultValue = "2020", description = "synthetic population seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--port", defaultValue = "8080", description = "live viewer port; a free one if busy (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "broker port; a free one if busy (default ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(names = "--kafka-dir", description = "keep the broker's data here (default: a temporary directory)")
    Path kafkaDir;

    @Option(names = {"-o", "--output"}, defaultValue = "out/demo.mp4", description = "MP4 to write (default ${DEFAULT-VALUE})")
    Path output;

    @Option(names = "--deadline-ms", defaultValue = "1000", description = "drop frames older than this (default ${DEFAULT-VALUE})")
    long deadlineMs;

    @Option(names = "--checkpoint", description = "model checkpoint directory (default: the shipped one)")
    Path checkpoint;

    @Option(names = "--partitions", defaultValue = "4", description = "partitions per live topic (default ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--background", defaultValue = "none", paramLabel = "none|driver|colour:#RRGGBB|image:PATH",
            description = "what is shown behind the reenacted head in the viewer and live outputs (default ${DEFAULT-VALUE})")
    String background;

    @Option(names = "--push", paramLabel = "rtmp://...|srt://...", description = "also push the output, H.264, to this URL")
    String pushUrl;

    @Option(names = "--v4l2", paramLabel = "/dev/videoN", description = "also write the output to this v4l2loopback device (a virtual camera)")
    String v4l2Device;

    @Option(names = "--output-size", defaultValue = "256", description = "side of pushed / virtual-camera frames (default ${DEFAULT-VALUE})")
    int outputSize;

    @Option(names = "--segmenter", defaultValue = "auto", paramLabel = "auto|selfie|synthetic",
            description = "person masks: MediaPipe selfie segmentation, the shipped network trained on synthetic heads, "
                    + "or auto: selfie when assets/fetch.sh has fetched it (default ${DEFAULT-VALUE})")
    String segmenter;

    @Option(names = "--warm-up", defaultValue = "10", paramLabel = "SECONDS",
            description = "stream another synthetic person through every stage this long first, unmeasured and "
                    + "unrecorded, so the figures are those of a warmed-up service (default ${DEFAULT-VALUE}; 0: none)")
    double warmUpSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DemoSettings settings;
        try {
            settings = new DemoSettings(frames, fps, !noPacing, driver, avatar, k, fineTuneSteps, seed, port,
                    kafkaPort, kafkaDir, output, Duration.ofMillis(deadlineMs), checkpoint, partitions,
                    background, pushUrl, v4l2Device, outputSize, segmenter, warmUpSeconds, relative);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try (Demo demo = new Demo(settings, System.out)) {
            DemoReport report = demo.run();
            report.print(System.out);
            return report.ok() ? 0 : 1;
        }
    }
}
