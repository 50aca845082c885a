package io.reenact.cli;

import io.reenact.avatar.EnrolTopology;
import io.reenact.model.AvatarSources;
import io.reenact.common.ClientSettings;
import io.reenact.common.ReenactSerdes;
import io.reenact.common.StreamsSettings;
import io.reenact.common.Timings;
import io.reenact.common.Topics;
import io.reenact.egress.EgressTopology;
import io.reenact.egress.Compositor;
import io.reenact.egress.LiveOutputs;
import io.reenact.egress.LiveViews;
import io.reenact.egress.StreamPush;
import io.reenact.egress.VideoSink;
import io.reenact.egress.VirtualCamera;
import io.reenact.ingest.FaceFraming;
import io.reenact.vision.Assets;
import io.reenact.vision.face.FaceDetector;
import io.reenact.vision.face.FallbackFaceDetector;
import io.reenact.egress.ViewerServer;
import io.reenact.generate.GenerateTopology;
import io.reenact.ingest.DriverFramePublisher;
import io.reenact.ingest.DriverSource;
import io.reenact.ingest.Pacing;
import io.reenact.ingest.ReconnectPolicy;
import io.reenact.ingest.SourcePump;
import io.reenact.ingest.SyntheticDriverSource;
import io.reenact.ingest.VideoSource;
import io.reenact.kafka.EmbeddedKafka;
import io.reenact.model.Reenactor;
import io.reenact.model.RgbImage;
import io.reenact.model.data.Split;
import io.reenact.pose.PoseTopology;
import io.reenact.avatar.EnrolmentFrames;
import io.reenact.schema.EnrolmentFrame;
import io.reenact.schema.ReenactedFrame;
import io.reenact.schema.SessionBinding;
import io.reenact.segment.FrameSegmenter;
import io.reenact.segment.SegmentTopology;
import io.reenact.segment.SelfieFrameSegmenter;
import io.reenact.stages.FrameLimits;
import io.reenact.stages.ImageCodecs;
import io.reenact.stages.LatencySamples;
import io.reenact.stages.ReenactorModels;
import io.reenact.stages.RecordedStageMetrics;
import io.reenact.stages.StageOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
    private FaceDetector faces;
    private final List<KafkaStreams> apps = new ArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final RecordedStageMetrics metrics = new RecordedStageMetrics();
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
        Path stateDir = Files.createTempDirectory("reenact-streams-");
        resources.add(() -> deleteTree(stateDir));

        EmbeddedKafka kafka = startBroker();
        String bootstrap = kafka.bootstrapServers();
        kafka.createTopics(Topics.newTopics(settings.partitions()));
        Map<String, Object> serdeConfig = Map.of();
        Admin admin = kafka.admin();
        resources.add(admin);

        out.println("loading the networks ...");
        Reenactor reenactor = settings.checkpoint() == null ? Reenactor.loadShipped() : Reenactor.load(settings.checkpoint());
        ReenactorModels models = new ReenactorModels(reenactor);
        resources.add(models);
        int size = reenactor.config().imageSize();
        out.printf("networks: %s (%s, %d² frames)%n", reenactor.modelVersion(), reenactor.config().name(), size);
        warmUp(models, size);

        StageOptions options = StageOptions.defaults()
                .withDeadline(settings.deadline())
                .withMetrics(metrics)
                .withSerdeConfig(serdeConfig);

        Path mp4 = settings.output();
        SideBySideRecording recording = new SideBySideRecording(mp4, size, settings.fps());
        resources.add(recording);
        Compositor background = Compositor.parse(settings.background());
        LiveViews views = new LiveViews(background);
        LiveOutputs outputs = liveOutputs(background);

        GenerateTopology generate = new GenerateTopology(models, options, 16);
        FrameSegmenter driverMasks = segmenter(models);
        if (driverMasks instanceof SelfieFrameSegmenter) {
            // the avatar is cut out as its drivers are; an interpreter of its own, as enrolment runs
            // on another stream thread
            SelfieFrameSegmenter enrolmentMasks = new SelfieFrameSegmenter(1);
            resources.add(enrolmentMasks);
            models.withEnrolmentMasks(enrolmentMasks);
        }
        KafkaStreams enrolApp = startApp("enrol", new EnrolTopology(models, options).build(), bootstrap, stateDir);
        startApp("segment", new SegmentTopology(driverMasks, options).build(), bootstrap, stateDir);
        startApp("pose", new PoseTopology(models, options).build(), bootstrap, stateDir);
        KafkaStreams generateApp = startApp("generate", generate.build(), bootstrap, stateDir);
        EgressTopology egress = new EgressTopology(serdeConfig, frame -> {
            views.accept(frame);
            if (outputs != null) {
                outputs.accept(frame);
            }
            onOutput(frame, recording);
        });
        startApp("egress", egress.build(), bootstrap, stateDir);
        awaitRunning();

        ViewerServer viewer = startViewer(views);
        out.printf("live viewer: http://localhost:%d/  (MJPEG: http://localhost:%d/streams/%s/mjpeg)%n",
                viewer.port(), viewer.port(), DemoSettings.STREAM_ID);

        String avatarId = enrol(bootstrap, serdeConfig, size);
        awaitInStore(generateApp, GenerateTopology.AVATARS_STORE, avatarId, "avatar " + avatarId);
        bind(bootstrap, serdeConfig, DemoSettings.STREAM_ID, avatarId, settings.relative());
        awaitInStore(generateApp, GenerateTopology.BINDINGS_STORE, DemoSettings.STREAM_ID,
                "binding of stream " + DemoSettings.STREAM_ID);
        if (enrolApp.state() == KafkaStreams.State.ERROR) {
            failures.add("the enrol stage stopped with an error");
        }
        DriverFramePublisher publisher = new DriverFramePublisher(bootstrap, serdeConfig);
        resources.add(publisher);
        warmUpPipeline(publisher, generateApp, bootstrap, serdeConfig, avatarId, size);
        long deadLettersBefore = countRecords(admin, Topics.DEAD_LETTERS);

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
                image -> recording.driver(tapped.getAndIncrement(), image));
        long pumpStart = System.currentTimeMillis();
        pump.run();
        long pumpMs = Math.max(1, System.currentTimeMillis() - pumpStart);
        if (pump.failure() != null) {
            failures.add("driver source: " + pump.failure().getMessage());
        }
        long published = pump.sent();
        awaitOutputs(published, admin, deadLettersBefore);

        long deadLetters = countRecords(admin, Topics.DEAD_LETTERS) - deadLettersBefore;
        long drops = metrics.stages().values().stream().mapToLong(s -> s.dropped.sum()).sum();
        closeApps();
        recording.finish(published);
        viewer.close();

        if (published == 0) {
            failures.add("the driver produced no frames");
        }
        if (reenacted.get() == 0 && published > 0) {
            failures.add("no reenacted frame came out of the pipeline");
        }
        if (recording.frames() != published) {
            failures.add("the MP4 has " + recording.frames() + " frames for " + published + " driver frames");
        }
        apps.stream().filter(a -> a.state() == KafkaStreams.State.ERROR)
                .forEach(a -> failures.add("a stage stopped with an error"));
        double outSpan = (lastOutMs.get() - firstOutMs.get()) / 1000.0;
        double outputFps = reenacted.get() > 1 && outSpan > 0 ? (reenacted.get() - 1) / outSpan : 0;
        DemoReport report = new DemoReport(published, reenacted.get(), recording.frames(), recording.held(), drops,
                deadLetters, published * 1000.0 / pumpMs, outputFps, metrics.stages(), endToEnd, modelMs, kafkaShare,
                transit, List.copyOf(failures));
        out.println("wrote " + mp4.toAbsolutePath().normalize());
        return report;
    }

    /**
     * The first calls of each network are many times slower (native kernels load, the JIT compiles):
     * a live stage would drop every frame that arrives meanwhile, so the demo warms up first, as a
     * service does before it reports ready.
     */
    private void warmUp(ReenactorModels models, int size) {
        long start = System.nanoTime();
        RgbImage blank = RgbImage.blank(size, size);
        float[] identity = models.encodeIdentity(List.of(blank, blank));
        AvatarSources sources = models.prepareSources(List.of(blank, blank));
        for (int i = 0; i < 5; i++) {
            models.segment(blank);
            models.base().render(identity, models.encodePose(blank), sources);
        }
        out.printf("networks warmed up in %d ms%n", (System.nanoTime() - start) / 1_000_000);
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

    private EmbeddedKafka startBroker() {
        EmbeddedKafka.Builder builder = EmbeddedKafka.builder();
        if (settings.kafkaPort() > 0 && portFree(settings.kafkaPort())) {
            builder.port(settings.kafkaPort());
        } else {
            builder.freePorts();
        }
        if (settings.kafkaDir() != null) {
            builder.dataDir(settings.kafkaDir());
        } else {
            builder.tempDir();
        }
        EmbeddedKafka kafka = builder.start();
        resources.add(kafka);
        out.println("Kafka broker (in-process, KRaft): " + kafka.bootstrapServers());
        return kafka;
    }

    private KafkaStreams startApp(String stage, Topology topology, String bootstrap, Path stateDir) {
        java.util.Properties props = StreamsSettings.builder("reenact-demo-" + stage, bootstrap)
                .threads(1)
                .stateDir(stateDir.resolve(stage))
                .build();
        KafkaStreams streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(e -> {
            failures.add("stage " + stage + ": " + e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        apps.add(streams);
        streams.start();
        return streams;
    }

    private void awaitRunning() throws InterruptedException {
        long until = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (apps.stream().anyMatch(a -> a.state() != KafkaStreams.State.RUNNING)) {
            if (System.nanoTime() > until || apps.stream().anyMatch(a -> a.state() == KafkaStreams.State.ERROR)) {
                throw new IllegalStateException("stages did not start: " + apps.stream().map(KafkaStreams::state).toList());
            }
            Thread.sleep(50);
        }
    }

    private ViewerServer startViewer(LiveViews views) throws IOException {
        int port = settings.viewerPort() > 0 && portFree(settings.viewerPort()) ? settings.viewerPort() : 0;
        if (port == 0 && settings.viewerPort() > 0) {
            out.println("port " + settings.viewerPort() + " is busy: the viewer takes a free port");
        }
        ViewerServer viewer = ViewerServer.start(port, views);
        resources.add(viewer);
        return viewer;
    }

    private String enrol(String bootstrap, Map<String, Object> serdeConfig, int size) throws IOException {
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
        try (KafkaProducer<String, EnrolmentFrame> producer = new KafkaProducer<>(ClientSettings.producer(bootstrap),
                new StringSerializer(), ReenactSerdes.forType(EnrolmentFrame.class, serdeConfig).serializer())) {
            for (EnrolmentFrame frame : EnrolmentFrames.of(avatarId, enrolmentId, avatarId, frames,
                    settings.fineTuneSteps())) {
                producer.send(new ProducerRecord<>(Topics.ENROLMENT_FRAMES, avatarId, frame));
            }
            producer.flush();
        }
        return avatarId;
    }

    private void bind(String bootstrap, Map<String, Object> serdeConfig, String streamId, String avatarId,
                      boolean relative) {
        try (KafkaProducer<String, SessionBinding> producer = new KafkaProducer<>(ClientSettings.producer(bootstrap),
                new StringSerializer(), ReenactSerdes.forType(SessionBinding.class, serdeConfig).serializer())) {
            producer.send(new ProducerRecord<>(Topics.SESSION_BINDINGS, streamId,
                    new SessionBinding(streamId, avatarId, System.currentTimeMillis(), relative)));
            producer.flush();
        }
        out.printf("bound stream '%s' to avatar '%s'%n", streamId, avatarId);
    }

    /**
     * A JVM compiles its hot code during its first seconds, on the same two cores the networks need:
     * a run measured from a cold start reports the compiler as much as the pipeline. So, as a service
     * runs warm long before its figures matter, the demo first streams another synthetic person
     * through every stage and topic, on its own stream bound to the same avatar; its frames are
     * neither recorded nor measured, and every counter starts afresh afterwards.
     */
    private void warmUpPipeline(DriverFramePublisher publisher, KafkaStreams generateApp, String bootstrap,
                                Map<String, Object> serdeConfig, String avatarId, int size) throws Exception {
        int frames = (int) Math.round(settings.warmUpSeconds() * settings.fps());
        if (frames == 0) {
            return;
        }
        String stream = DemoSettings.WARM_UP_STREAM_ID;
        bind(bootstrap, serdeConfig, stream, avatarId, settings.relative());
        awaitInStore(generateApp, GenerateTopology.BINDINGS_STORE, stream, "binding of stream " + stream);
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
        RecordedStageMetrics.Stage generated = metrics.stage(DemoReport.ORDER.get(DemoReport.ORDER.size() - 1));
        out.printf("warmed up in %.1f s: %d of %d frames came out (generate p50 %.1f ms during the warm-up)%n",
                (System.nanoTime() - start) / 1e9, warmUpOutputs.get(), frames,
                generated.processingMicros.percentile(50) / 1000.0);
        metrics.reset();
    }

    /** Until every warm-up frame came out or was dropped, or nothing moved for a few seconds. */
    private void awaitWarmUp(long sent) throws InterruptedException {
        long lastProgress = System.nanoTime();
        long lastAccounted = -1;
        while (true) {
            long accounted = warmUpOutputs.get()
                    + metrics.stages().values().stream().mapToLong(s -> s.dropped.sum()).sum();
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

    /** Waits until the generate stage can see {@code key} in one of its tables (no frame is then lost to a race). */
    private void awaitInStore(KafkaStreams app, String store, String key, String what) throws InterruptedException {
        long until = System.nanoTime() + STARTUP_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(settings.fineTuneSteps());
        while (System.nanoTime() < until) {
            try {
                ReadOnlyKeyValueStore<String, Object> view = app.store(
                        StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()));
                if (view.get(key) != null) {
                    return;
                }
            } catch (InvalidStateStoreException notYet) {
                // the store is being restored or rebalanced: ask again
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException("gave up waiting for the " + what + ": " + failures);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the " + what + " did not reach the generate stage within "
                + STARTUP_TIMEOUT.toSeconds() + " s (see dead-letters)");
    }

    /**
     * MediaPipe's selfie segmentation by default, for real and synthetic drivers alike: on the
     * synthetic heads it is both closer to the exact masks than the shipped synthetic-trained
     * network (IoU 0.98 against 0.90) and cheaper (4 against 9 ms a frame on one core).
     */
    private FrameSegmenter segmenter(ReenactorModels models) {
        boolean selfieThere = Assets.has(Assets.SELFIE_SEGMENTATION);
        if (settings.segmenter().equals("synthetic") || settings.segmenter().equals("auto") && !selfieThere) {
            if (!selfieThere) {
                out.println("segmenter: the shipped synthetic-trained network (run assets/fetch.sh for MediaPipe's, "
                        + "which is better and cheaper)");
            }
            return models;
        }
        SelfieFrameSegmenter selfie = new SelfieFrameSegmenter(1);
        resources.add(selfie);
        out.println("segmenter: " + selfie.modelVersion());
        return selfie;
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

    /** The face detector real drivers and avatars are framed with, opened on first use. */
    private FaceDetector faces() {
        if (faces == null) {
            faces = FallbackFaceDetector.open();
            resources.add(faces);
        }
        return faces;
    }

    /** RTMP/SRT push and the virtual camera, when asked for. */
    private LiveOutputs liveOutputs(Compositor background) {
        Map<String, VideoSink.Opener> sinks = new java.util.LinkedHashMap<>();
        double fps = settings.fps();
        if (settings.pushUrl() != null) {
            String url = settings.pushUrl();
            sinks.put("push " + url, (w, h) -> StreamPush.open(url, w, h, fps));
        }
        if (settings.v4l2Device() != null) {
            Path device = Path.of(settings.v4l2Device());
            sinks.put("virtual camera " + device, (w, h) -> VirtualCamera.open(device, w, h, fps));
        }
        if (sinks.isEmpty()) {
            return null;
        }
        LiveOutputs outputs = new LiveOutputs(DemoSettings.STREAM_ID, background, settings.outputSize(), sinks);
        resources.add(outputs);
        sinks.keySet().forEach(name -> out.println("live output: " + name));
        return outputs;
    }

    /** Waits until every published frame came out, was dropped or dead-lettered, or nothing moved for a while. */
    private void awaitOutputs(long published, Admin admin, long deadLettersBefore) throws Exception {
        long lastProgress = System.nanoTime();
        long lastAccounted = -1;
        while (true) {
            long drops = metrics.stages().values().stream().mapToLong(s -> s.dropped.sum()).sum();
            long dead = countRecords(admin, Topics.DEAD_LETTERS) - deadLettersBefore;
            long accounted = reenacted.get() + drops + dead;
            if (accounted >= published || !failures.isEmpty()) {
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

    private static long countRecords(Admin admin, String topic) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        description.partitions().forEach(p -> {
            earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
            latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
        });
        long end = admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        long start = admin.listOffsets(earliest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        return end - start;
    }

    private void closeApps() {
        for (KafkaStreams app : apps) {
            app.close(Duration.ofSeconds(10));
        }
    }

    static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException busy) {
            return false;
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public void close() {
        closeApps();
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                out.println("while shutting down: " + e.getMessage());
            }
        }
    }
}
