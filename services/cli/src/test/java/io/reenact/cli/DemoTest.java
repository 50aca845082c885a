package io.reenact.cli;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import io.reenact.vision.Assets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo end to end on the real embedded broker with the shipped networks, with small counts. */
class DemoTest {

    @Test
    void streamsEveryFrameThroughThePipelineIntoTheMp4AndReportsEveryStage(@TempDir Path dir) throws Exception {
        Path mp4 = dir.resolve("out/demo.mp4");
        DemoSettings settings = new DemoSettings(30, 25, true, null, null, 4, 0, 2020, 0, 0, null, mp4,
                // a generous deadline: this test checks that frames flow, not how fast a loaded CI machine is
                Duration.ofSeconds(30), null, 2, "none", null, null, 256, "synthetic", 1, false);
        Run run = run(settings);
        DemoReport report = run.report();
        String printed = run.printed();
        assertTrue(report.ok(), printed);
        assertTrue(printed.contains("warming the pipeline up: 25 frames"), printed);
        // the warm-up's own frames are neither measured nor recorded: every count is the driver's 30
        assertEquals(30, report.published());
        assertEquals(30, report.reenacted(), "no frame lost: " + printed);
        assertEquals(0, report.deadLetters(), printed);

        assertTrue(Files.size(mp4) > 0);
        assertEquals(30, framesIn(mp4), "one MP4 frame per driver frame");
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(mp4.toFile())) {
            grabber.start();
            assertEquals(2 * grabber.getImageHeight(), grabber.getImageWidth(), "driver | reenacted");
        }

        for (String stage : DemoReport.ORDER) {
            assertEquals(30, report.stages().get(stage).emitted.sum(), stage + " handled every frame");
            assertTrue(report.stages().get(stage).processingMicros.percentile(50) > 0, stage + " latency measured");
            assertTrue(printed.contains("stage " + stage), "printed latency of " + stage);
        }
        assertEquals(30, report.endToEndMs().count());
        assertTrue(report.endToEndMs().percentile(99) >= report.endToEndMs().percentile(50));
        assertTrue(printed.contains("end-to-end") && printed.contains("Kafka's share") && printed.contains("frames/s"),
                printed);
    }

    @Test
    void theCommandLineKnowsEverySubcommand() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = ReenactCli.run("--help");
        } finally {
            System.setOut(original);
        }
        String help = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, code);
        for (String command : new String[] {"demo", "prepare", "train", "finetune", "eval", "fit-expression", "paper-metrics", "bench", "bench-vision", "heads"}) {
            assertTrue(help.contains(command), "lists " + command + ": " + help);
        }
        assertEquals(2, ReenactCli.run("demo", "--frames", "0"), "bad options are a usage error, not a crash");
    }

    @Test
    void drivesAPhotographedAvatarWithMegamindThroughTheTopics(@TempDir Path dir) throws Exception {
        Path mp4 = dir.resolve("out/megamind.mp4");
        DemoSettings settings = new DemoSettings(36, 25, false, Assets.require(Assets.MEGAMIND).toString(),
                Assets.require(Assets.ASTRONAUT).toString(), 1, 0, 2020, 0, 0, null, mp4,
                Duration.ofSeconds(30), null, 2, "driver", null, null, 256, "selfie", 0, false);
        Run run = run(settings);
        DemoReport report = run.report();
        String printed = run.printed();
        assertTrue(report.ok(), printed);
        assertEquals(36, report.published());
        assertEquals(36, report.reenacted(), "no frame lost: " + printed);
        assertTrue(printed.contains("segmenter: selfie_segmentation"), printed);
        assertEquals(36, framesIn(mp4), "one MP4 frame per driver frame");
    }

    private record Run(DemoReport report, String printed) {
    }

    /** Runs the demo, printing its report into the returned text as the command does. */
    private static Run run(DemoSettings settings) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        DemoReport report;
        try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
             Demo demo = new Demo(settings, out)) {
            report = demo.run();
            report.print(out);
        }
        return new Run(report, log.toString(StandardCharsets.UTF_8));
    }

    private static int framesIn(Path mp4) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(mp4.toFile())) {
            grabber.start();
            int frames = 0;
            while (grabber.grabImage() != null) {
                frames++;
            }
            return frames;
        }
    }
}
