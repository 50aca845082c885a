package io.reenact.cli;

import io.reenact.common.Timings;
import io.reenact.common.Topics;
import io.reenact.egress.Compositor;
import io.reenact.egress.LiveOutputs;
import io.reenact.egress.LiveViews;
import io.reenact.ingest.FaceFraming;
import io.reenact.vision.face.FaceDetector;
import io.reenact.egress.ViewerServer;
import io.reenact.generate.GenerateTopology;
import io.reenact.ingest.DriverFramePublisher;
import io.reenact.ingest.DriverSource;
import io.reenact.ingest.Pacing;
import io.reenact.ingest.ReconnectPolicy;
import io.reenact.ingest.SourcePump;
import io.reenact.ingest.SyntheticDriverSource;
import io.reenact.ingest.VideoSource;
import io.reenact.model.RgbImage;
import io.reenact.model.data.Split;
import io.reenact.schema.ReenactedFrame;
import io.reenact.stages.FrameLimits;
import io.reenact.stages.ImageCodecs;
import io.reenact.stages.LatencySamples;
import io.reenact.stages.RecordedStageMetrics;
import org.apache.kafka.streams.KafkaStreams;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code reenact demo}: the whole pipeline in one process on a real, in-process Kafka broker.
 *
 * <p>Every stage runs as its own Kafka Streams application, exactly as the services do, so frames
 * cross the broker between every pair of stages: segment, pose, generate, enrol, and the egress
 * that feeds the viewer and the MP4. Then: enrol an avatar, bind the stream to it, play a driver
 * through the topics, and report what it cost.
 */
final class Demo implements AutoCloseable {

    /** After the last frame, how long the demo waits for stragglers without any progress. */
    private static final Duration QUIET_PERIOD = Duration.ofSeconds(15);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

    private final DemoSettings settings;
    private final PrintStream out;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private LocalPipeline pipeline;
    private LocalAvatars avatars;
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final LatencySamples endToEnd = new LatencySamples(100_000);
    private final LatencySamples modelMs = new LatencySamples(100_000);
    private final LatencySamples kafkaShare = new LatencySamples(100_000);
    private final LatencySamples transit = new LatencySamples(100_000);
    private final AtomicLong reenacted = new AtomicLong();
    private final AtomicLong firstOutMs = new AtomicLong();
    private final AtomicLong lastOutMs = new AtomicLong();
    private final AtomicLong warmUpOutputs = new AtomicLong();

    Demo(DemoSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    DemoReport run() throws Exception {
        Path mp4 = settings.output();
        Compositor background = Compositor.parse(settings.background());
        LiveViews views = new LiveViews(background);
        LiveOutputs outputs = liveOutputs(background);
        SideBySideRecording[] recording = new SideBySideRecording[1];
        pipeline = LocalPipeline.start(new LocalPipeline.Options(settings.checkpoint(), settings.partitions(),
                settings.deadline(), settings.segmenter(), settings.kafkaPort(), settings.kafkaDir(), "reenact-demo-",
                false), out, frame -> {
                    views.accept(frame);
                    if (outputs != null) {
                        outputs.accept(frame);
                    }
                    onOutput(frame, recording[0]);
                });
        int size = pipeline.frameSize();
        recording[0] = new SideBySideRecording(mp4, size, settings.fps());
        resources.add(recording[0]);
        String bootstrap = pipeline.bootstrap();
        Map<String, Object> serdeConfig = pipeline.serdeConfig();

        ViewerServer viewer = startViewer(views);
        out.printf("live viewer: http://localhost:%d/  (MJPEG: http://localhost:%d/streams/%s/mjpeg)%n",
                viewer.port(), viewer.port(), DemoSettings.STREAM_ID);

        avatars = new LocalAvatars(pipeline);
        resources.add(avatars);
        String avatarId = enrol(size);
        Duration fineTuning = Duration.ofSeconds(settings.fineTuneSteps());
        pipeline.awaitInStore(GenerateTopology.AVATARS_STORE, avatarId, "avatar " + avatarId, fineTuning);
        if (settings.fineTuneSteps() > 0) {
            awaitFineTuned(avatarId, fineTuning.plusMinutes(2));
        }
        bind(DemoSettings.STREAM_ID, avatarId, settings.relative());
        pipeline.awaitInStore(GenerateTopology.BINDINGS_STORE, DemoSettings.STREAM_ID,
                "binding of stream " + DemoSettings.STREAM_ID, fineTuning);
        if (pipeline.states().get("enrol") == KafkaStreams.State.ERROR) {
            failures.add("the enrol stage stopped with an error");
        }
        DriverFramePublisher publisher = new DriverFramePublisher(bootstrap, serdeConfig);
        resources.add(publisher);
        warmUpPipeline(publisher, avatarId, size);
        long deadLettersBefore = pipeline.countRecords(Topics.DEAD_LETTERS);

        DriverSource source = openDriver(size);
        // a camera or network stream arrives in real time already; only files are paced
        boolean paced = settings.realTime() && (settings.driver() == null || !isLive(settings.driver()));
        double rate = settings.driver() == null ? settings.fps() : source.frameRate();
        Pacing pacing = paced ? Pacing.realTime(rate) : Pacing.unpaced();
        out.printf("driving stream '%s' with %s, %s%n", DemoSettings.STREAM_ID, source.describe(),
                paced ? String.format("paced at %.1f frames/s", rate)
                        : settings.realTime() ? "at the source's own pace" : "as fast as possible");
        AtomicLong tapped = new AtomicLong();
        SourcePump pump = new SourcePump(DemoSettings.STREAM_ID, source, publisher, pacing, settings.frames(),
                image -> recording[0].driver(tapped.getAndIncrement(), image));
        long pumpStart = System.currentTimeMillis();
        pump.run();
        long pumpMs = Math.max(1, System.currentTimeMillis() - pumpStart);
        if (pump.failure() != null) {
            failures.add("driver source: " + pump.failure().getMessage());
        }
        long published = pump.sent();
        awaitOutputs(published, deadLettersBefore);

        long deadLetters = pipeline.countRecords(Topics.DEAD_LETTERS) - deadLettersBefore;
        long drops = pipeline.dropped();
        failures.addAll(pipeline.failures());
        pipeline.stopStages();
        recording[0].finish(published);
        viewer.close();

        if (published == 0) {
            failures.add("the driver produced no frames");
        }
        if (reenacted.get() == 0 && published > 0) {
            failures.add("no reenacted frame came out of the pipeline");
        }
        if (recording[0].frames() != published) {
            failures.add("the MP4 has " + recording[0].frames() + " frames for " + published + " driver frames");
        }
        pipeline.states().forEach((stage, state) -> {
            if (state == KafkaStreams.State.ERROR) {
                failures.add("stage " + stage + " stopped with an error");
            }
        });
        double outSpan = (lastOutMs.get() - firstOutMs.get()) / 1000.0;
        double outputFps = reenacted.get() > 1 && outSpan > 0 ? (reenacted.get() - 1) / outSpan : 0;
        DemoReport report = new DemoReport(published, reenacted.get(), recording[0].frames(), recording[0].held(), drops,
                deadLetters, published * 1000.0 / pumpMs, outputFps, metrics().stages(), endToEnd, modelMs, kafkaShare,
                transit, List.copyOf(failures));
        out.println("wrote " + mp4.toAbsolutePath().normalize());
        return report;
    }

    private RecordedStageMetrics metrics() {
        return pipeline.metrics();
    }

    private void onOutput(ReenactedFrame frame, SideBySideRecording recording) {
        if (!DemoSettings.STREAM_ID.equals(frame.getStreamId())) {
            warmUpOutputs.incrementAndGet();
            return;
        }
        long now = System.currentTimeMillis();
        long e2e = now - frame.getCaptureTimeMs();
        long model = Timings.modelMicros(frame.getTimings()) / 1000;
        endToEnd.add(e2e);
        modelMs.add(model);
        kafkaShare.add(e2e - model);
        long lastDone = frame.getTimings().isEmpty() ? frame.getCaptureTimeMs()
                : frame.getTimings().get(frame.getTimings().size() - 1).getDoneMs();
        transit.add(Timings.kafkaMs(frame.getCaptureTimeMs(), frame.getTimings()) + (now - lastDone));
        firstOutMs.compareAndSet(0, now);
        lastOutMs.set(now);
        reenacted.incrementAndGet();
        RgbImage image = ImageCodecs.decodeFrame(frame.getEncoding(), bytes(frame.getImage()), frame.getWidth(),
                frame.getHeight(), FrameLimits.DEFAULT);
        try {
            recording.reenacted(frame.getSequence(), image);
        } catch (IOException e) {
            failures.add("recording frame " + frame.getSequence() + ": " + e.getMessage());
        }
    }

    /** The avatar is usable untuned at once; the recording should show the tuned one from its first frame. */
    private void awaitFineTuned(String avatarId, Duration timeout) throws InterruptedException {
        out.printf("waiting for the fine-tune worker to tune avatar '%s' ...%n", avatarId);
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            if (pipeline.avatar(avatarId).map(a -> Boolean.TRUE.equals(a.get("fineTuned"))).orElse(false)) {
                return;
            }
            Thread.sleep(200);
        }
        failures.add("avatar " + avatarId + " was not fine-tuned within " + timeout.toSeconds() + " s");
    }

    private ViewerServer startViewer(LiveViews views) throws IOException {
        int port = settings.viewerPort() > 0 && LocalPipeline.portFree(settings.viewerPort()) ? settings.viewerPort() : 0;
        if (port == 0 && settings.viewerPort() > 0) {
            out.println("port " + settings.viewerPort() + " is busy: the viewer takes a free port");
        }
        ViewerServer viewer = ViewerServer.start(port, views);
        resources.add(viewer);
        return viewer;
    }

    private String enrol(int size) throws Exception {
        List<RgbImage> frames;
        String avatarId;
        if (settings.avatar() == null) {
            frames = AvatarFrames.synthetic(settings.seed(), 0, settings.enrolmentFrames(), size);
            avatarId = "synthetic-test-0";
        } else {
            Path location = Path.of(settings.avatar());
            frames = AvatarFrames.load(location, settings.enrolmentFrames(), () -> new FaceFraming(faces(), size));
            avatarId = "avatar-" + location.getFileName().toString().replaceAll("[^A-Za-z0-9_-]", "_");
        }
        String enrolmentId = UUID.randomUUID().toString();
        out.printf("enrolling avatar '%s' from %d frames%s ...%n", avatarId, frames.size(),
                settings.fineTuneSteps() > 0 ? " with " + settings.fineTuneSteps() + " fine-tuning steps" : "");
        avatars.enrol(avatarId, enrolmentId, avatarId, frames, settings.fineTuneSteps());
        return avatarId;
    }

    private void bind(String streamId, String avatarId, boolean relative) throws Exception {
        avatars.bind(streamId, avatarId, relative);
        out.printf("bound stream '%s' to avatar '%s'%n", streamId, avatarId);
    }

    /**
     * A JVM compiles its hot code during its first seconds, on the same two cores the networks need:
     * a run measured from a cold start reports the compiler as much as the pipeline. So, as a service
     * runs warm long before its figures matter, the demo first streams another synthetic person
     * through every stage and topic, on its own stream bound to the same avatar; its frames are
     * neither recorded nor measured, and every counter starts afresh afterwards.
     */
    private void warmUpPipeline(DriverFramePublisher publisher, String avatarId, int size) throws Exception {
        int frames = (int) Math.round(settings.warmUpSeconds() * settings.fps());
        if (frames == 0) {
            return;
        }
        String stream = DemoSettings.WARM_UP_STREAM_ID;
        bind(stream, avatarId, settings.relative());
        pipeline.awaitInStore(GenerateTopology.BINDINGS_STORE, stream, "binding of stream " + stream, Duration.ZERO);
        out.printf("warming the pipeline up: %d frames over %.0f s on stream '%s' (not measured) ...%n", frames,
                settings.warmUpSeconds(), stream);
        long start = System.nanoTime();
        try (DriverSource source = new SyntheticDriverSource(settings.seed(), Split.TEST, 2, settings.seed() + 11,
                frames, size, settings.fps())) {
            SourcePump pump = new SourcePump(stream, source, publisher, Pacing.realTime(settings.fps()), frames,
                    image -> { });
            pump.run();
            awaitWarmUp(pump.sent());
        }
        RecordedStageMetrics.Stage generated = metrics().stage(DemoReport.ORDER.get(DemoReport.ORDER.size() - 1));
        out.printf("warmed up in %.1f s: %d of %d frames came out (generate p50 %.1f ms during the warm-up)%n",
                (System.nanoTime() - start) / 1e9, warmUpOutputs.get(), frames,
                generated.processingMicros.percentile(50) / 1000.0);
        metrics().reset();
    }

    /** Until every warm-up frame came out or was dropped, or nothing moved for a few seconds. */
    private void awaitWarmUp(long sent) throws InterruptedException {
        long lastProgress = System.nanoTime();
        long lastAccounted = -1;
        while (true) {
            long accounted = warmUpOutputs.get()
                    + pipeline.dropped();
            if (accounted >= sent) {
                return;
            }
            if (accounted != lastAccounted) {
                lastAccounted = accounted;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > Duration.ofSeconds(5).toNanos()) {
                return;
            }
            Thread.sleep(50);
        }
    }

    private DriverSource openDriver(int size) throws IOException {
        if (settings.driver() == null) {
            // another held-out person than the avatar: cross-driving, the case the paper is about
            return new SyntheticDriverSource(settings.seed(), Split.TEST, 1, settings.seed() + 7, settings.frames(), size,
                    settings.fps());
        }
        // a real video: cut as the paper cuts, around the tracked face
        return VideoSource.open(settings.driver(), new FaceFraming(faces(), size), ReconnectPolicy.defaults());
    }

    private static boolean isLive(String driver) {
        return driver.contains("://") && !driver.startsWith("file:") || driver.startsWith("/dev/video");
    }

    private FaceDetector faces() {
        return pipeline.faces();
    }

    /** RTMP/SRT push and the virtual camera, when asked for. */
    private LiveOutputs liveOutputs(Compositor background) {
        LiveOutputs outputs = LiveOutputs.of(DemoSettings.STREAM_ID, background, settings.outputSize(), settings.fps(),
                settings.pushUrl(), settings.v4l2Device());
        resources.add(outputs);
        outputs.names().forEach(name -> out.println("live output: " + name));
        return outputs.enabled() ? outputs : null;
    }

    /** Waits until every published frame came out, was dropped or dead-lettered, or nothing moved for a while. */
    private void awaitOutputs(long published, long deadLettersBefore) throws Exception {
        long lastProgress = System.nanoTime();
        long lastAccounted = -1;
        while (true) {
            long drops = pipeline.dropped();
            long dead = pipeline.countRecords(Topics.DEAD_LETTERS) - deadLettersBefore;
            long accounted = reenacted.get() + drops + dead;
            if (accounted >= published || !failures.isEmpty() || !pipeline.failures().isEmpty()) {
                // dead letters of the egress-side count are only seen once written: give them a moment
                Thread.sleep(200);
                return;
            }
            if (accounted != lastAccounted) {
                lastAccounted = accounted;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > QUIET_PERIOD.toNanos()) {
                failures.add("timed out: " + (published - accounted) + " of " + published
                        + " frames neither came out nor were dropped");
                return;
            }
            Thread.sleep(100);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                out.println("while shutting down: " + e.getMessage());
            }
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }
}
