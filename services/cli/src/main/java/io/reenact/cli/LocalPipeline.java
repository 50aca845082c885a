package io.reenact.cli;

import io.reenact.avatar.EnrolTopology;
import java.util.Optional;
import io.reenact.common.ReenactSerdes;
import io.reenact.schema.Avatar;
import io.reenact.avatar.AvatarUploads;
import io.reenact.avatar.StillEnrolled;
import io.reenact.avatar.FineTuneWorker;
import io.reenact.common.StageFailures;
import io.reenact.common.StreamsSettings;
import io.reenact.common.Topics;
import io.reenact.egress.EgressTopology;
import io.reenact.generate.GenerateTopology;
import io.reenact.kafka.EmbeddedKafka;
import io.reenact.model.AvatarSources;
import io.reenact.model.Reenactor;
import io.reenact.model.RgbImage;
import io.reenact.pose.PoseTopology;
import io.reenact.schema.ReenactedFrame;
import io.reenact.segment.FrameSegmenter;
import io.reenact.segment.SegmentTopology;
import io.reenact.segment.SelfieFrameSegmenter;
import io.reenact.stages.RecordedStageMetrics;
import io.reenact.stages.ReenactorModels;
import io.reenact.stages.FrameLimits;
import io.reenact.stages.StageOptions;
import io.reenact.vision.Assets;
import io.reenact.vision.face.FaceDetector;
import io.reenact.vision.face.FallbackFaceDetector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every stage of the pipeline in this process on the in-process broker: what {@code demo} and
 * {@code up} share. Each stage is its own Kafka Streams application, exactly as the services are,
 * so frames cross the broker between every pair of stages.
 */
final class LocalPipeline implements AutoCloseable {

    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

    /**
     * @param checkpoint model checkpoint directory, or null for the shipped one
     * @param partitions partitions of each live topic
     * @param deadline frames older than this are dropped by every stage
     * @param segmenter {@code selfie}, {@code synthetic} or {@code auto}
     * @param kafkaPort broker port, taken when free (0 or busy: a free one)
     * @param dataDir where the broker's records and the stages' state live across restarts, or null
     *                for a temporary directory removed on close
     * @param applicationPrefix prefix of the stages' Kafka Streams application ids (their consumer groups)
     * @param replaceFailedThreads a long-running pipeline replaces a stream thread that died; a demo stops
     *                             the stage and reports it
     */
    record Options(Path checkpoint, int partitions, Duration deadline, String segmenter, int kafkaPort, Path dataDir,
                   String applicationPrefix, boolean replaceFailedThreads) {
    }

    private final Options options;
    private final PrintStream out;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Map<String, KafkaStreams> apps = new LinkedHashMap<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final RecordedStageMetrics metrics = new RecordedStageMetrics();
    private EmbeddedKafka kafka;
    private Admin admin;
    private ReenactorModels models;
    private FaceDetector faces;
    private int frameSize;

    private LocalPipeline(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Starts the broker, loads and warms the networks, starts every stage and waits until they run. */
    static LocalPipeline start(Options options, PrintStream out, Consumer<ReenactedFrame> egress) throws Exception {
        LocalPipeline pipeline = new LocalPipeline(options, out);
        try {
            pipeline.startAll(egress);
            return pipeline;
        } catch (Exception | Error e) {
            pipeline.close();
            throw e;
        }
    }

    private void startAll(Consumer<ReenactedFrame> egress) throws Exception {
        Path stateDir;
        if (options.dataDir() == null) {
            stateDir = Files.createTempDirectory("reenact-streams-");
            resources.add(() -> deleteTree(stateDir));
        } else {
            stateDir = options.dataDir().resolve("streams");
        }
        kafka = startBroker();
        kafka.createTopics(Topics.newTopics(options.partitions()));
        admin = kafka.admin();
        resources.add(admin);

        out.println("loading the networks ...");
        Reenactor reenactor = options.checkpoint() == null ? Reenactor.loadShipped() : Reenactor.load(options.checkpoint());
        models = new ReenactorModels(reenactor);
        frameSize = reenactor.config().imageSize();
        resources.add(models);
        out.printf("networks: %s (%s, %d² frames)%n", reenactor.modelVersion(), reenactor.config().name(), frameSize());
        warmUp();

        StageOptions stageOptions = StageOptions.defaults()
                .withDeadline(options.deadline())
                .withMetrics(metrics)
                .withSerdeConfig(serdeConfig());
        FrameSegmenter driverMasks = segmenter();
        if (driverMasks instanceof SelfieFrameSegmenter) {
            // the avatar is cut out as its drivers are; an interpreter of its own, as enrolment runs
            // on another stream thread
            SelfieFrameSegmenter enrolmentMasks = new SelfieFrameSegmenter(1);
            resources.add(enrolmentMasks);
            models.withEnrolmentMasks(enrolmentMasks);
        }
        String bootstrap = kafka.bootstrapServers();
        startApp("enrol", new EnrolTopology(models, stageOptions).build(), bootstrap, stateDir);
        // fine-tuning asked for at enrolment: queued on fine-tune-jobs, done off the stream threads
        models.fineTuner().ifPresent(tuner -> resources.add(new FineTuneWorker(bootstrap,
                options.applicationPrefix() + FineTuneWorker.STAGE, serdeConfig(), tuner, FrameLimits.DEFAULT,
                new StillEnrolled(this::avatar)).start()));
        startApp("segment", new SegmentTopology(driverMasks, stageOptions).build(), bootstrap, stateDir);
        startApp("pose", new PoseTopology(models, stageOptions).build(), bootstrap, stateDir);
        startApp("generate", new GenerateTopology(models, stageOptions, 16).build(), bootstrap, stateDir);
        startApp("egress", new EgressTopology(serdeConfig(), egress).build(), bootstrap, stateDir);
        awaitRunning();
    }

    String bootstrap() {
        return kafka.bootstrapServers();
    }

    /** Serde settings of every client (the embedded pipeline uses single-object encoding, no registry). */
    Map<String, Object> serdeConfig() {
        return Map.of();
    }

    ReenactorModels models() {
        return models;
    }

    int frameSize() {
        return frameSize;
    }

    RecordedStageMetrics metrics() {
        return metrics;
    }

    Admin admin() {
        return admin;
    }

    /** What went wrong in a stage so far (a demo fails on any). */
    List<String> failures() {
        return failures;
    }

    /** Frames dropped as late by any stage so far. */
    long dropped() {
        return metrics.stages().values().stream().mapToLong(s -> s.dropped.sum()).sum();
    }

    /** Each stage's Kafka Streams state, by stage name. */
    Map<String, KafkaStreams.State> states() {
        Map<String, KafkaStreams.State> states = new LinkedHashMap<>();
        apps.forEach((stage, app) -> states.put(stage, app.state()));
        return states;
    }

    /**
     * Every stage is processing (or rebalancing, which it does by itself after a restart or a thread
     * replacement), and none failed a write or lost a thread within {@link StageFailures#SHOWN_FOR}.
     */
    boolean healthy() {
        return StageFailures.recent(System.currentTimeMillis()).isEmpty()
                && apps.values().stream().allMatch(a -> a.state() == KafkaStreams.State.RUNNING
                || a.state() == KafkaStreams.State.REBALANCING);
    }

    /** The face detector real drivers and avatars are framed with, opened on first use. */
    synchronized FaceDetector faces() {
        if (faces == null) {
            faces = FallbackFaceDetector.open();
            resources.add(faces);
        }
        return faces;
    }

    /** An avatar as the generate stage's table has it now, described as the API lists it. */
    Optional<Map<String, Object>> avatar(String avatarId) {
        Object raw = generateStoreValue(GenerateTopology.AVATARS_STORE, avatarId);
        try {
            return raw == null ? Optional.empty() : Optional.of(AvatarUploads.describe(
                    ReenactSerdes.forType(Avatar.class, serdeConfig()).deserializer().deserialize(Topics.AVATARS, (byte[]) raw)));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** A value of one of the generate stage's tables, or null when it has none (yet) for {@code key}. */
    Object generateStoreValue(String store, String key) {
        try {
            ReadOnlyKeyValueStore<String, Object> view = apps.get("generate").store(
                    StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()));
            return view.get(key);
        } catch (InvalidStateStoreException notYet) {
            return null; // being restored or rebalanced
        }
    }

    /** Every key and raw value of one of the generate stage's tables. */
    Map<String, byte[]> generateStore(String store) {
        Map<String, byte[]> all = new LinkedHashMap<>();
        try {
            ReadOnlyKeyValueStore<String, byte[]> view = apps.get("generate").store(
                    StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()));
            try (var it = view.all()) {
                it.forEachRemaining(kv -> all.put(kv.key, kv.value));
            }
        } catch (InvalidStateStoreException notYet) {
            // being restored: empty for now
        }
        return all;
    }

    /** Waits until the generate stage can see {@code key} in one of its tables (no frame is then lost to a race). */
    void awaitInStore(String store, String key, String what, Duration extra) throws InterruptedException {
        long until = System.nanoTime() + STARTUP_TIMEOUT.plus(extra).toNanos();
        while (System.nanoTime() < until) {
            if (generateStoreValue(store, key) != null) {
                return;
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException("gave up waiting for the " + what + ": " + failures);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the " + what + " did not reach the generate stage within "
                + STARTUP_TIMEOUT.plus(extra).toSeconds() + " s (see dead-letters)");
    }

    /** Records in a topic now (end offsets minus start offsets, over its partitions). */
    long countRecords(String topic) throws Exception {
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

    /**
     * The first calls of each network are many times slower (native kernels load, the JIT compiles):
     * a live stage would drop every frame that arrives meanwhile, so the pipeline warms up first, as a
     * service does before it reports ready.
     */
    private void warmUp() {
        long start = System.nanoTime();
        int size = frameSize();
        RgbImage blank = RgbImage.blank(size, size);
        float[] identity = models.encodeIdentity(List.of(blank, blank));
        AvatarSources sources = models.prepareSources(List.of(blank, blank));
        for (int i = 0; i < 5; i++) {
            models.segment(blank);
            models.base().render(identity, models.encodePose(blank), sources);
        }
        out.printf("networks warmed up in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    private EmbeddedKafka startBroker() {
        EmbeddedKafka.Builder builder = EmbeddedKafka.builder();
        if (options.kafkaPort() > 0 && portFree(options.kafkaPort())) {
            builder.port(options.kafkaPort());
        } else {
            builder.freePorts();
        }
        if (options.dataDir() != null) {
            builder.dataDir(options.dataDir().resolve("kafka"));
        } else {
            builder.tempDir();
        }
        EmbeddedKafka broker = builder.start();
        resources.add(broker);
        out.println("Kafka broker (in-process, KRaft): " + broker.bootstrapServers()
                + (options.dataDir() != null ? ", data in " + broker.dataDir() : ""));
        return broker;
    }

    private void startApp(String stage, Topology topology, String bootstrap, Path stateDir) {
        StreamsSettings.Builder settings = StreamsSettings.builder(options.applicationPrefix() + stage, bootstrap)
                .threads(1)
                .stateDir(stateDir.resolve(stage));
        if (options.dataDir() != null) {
            // a pipeline that keeps its data is restarted on it: static membership takes the stages'
            // partitions back at once, instead of after the previous run's sessions time out
            settings.staticMembership(options.applicationPrefix() + stage);
        }
        java.util.Properties props = settings.build();
        KafkaStreams streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(e -> {
            StageFailures.recordThreadFailure(e);
            if (options.replaceFailedThreads()) {
                out.printf("stage %s: a stream thread failed (%s); replacing it%n", stage, e);
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            failures.add("stage " + stage + ": " + e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        apps.put(stage, streams);
        streams.start();
    }

    private void awaitRunning() throws InterruptedException {
        long until = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (apps.values().stream().anyMatch(a -> a.state() != KafkaStreams.State.RUNNING)) {
            if (System.nanoTime() > until || apps.values().stream().anyMatch(a -> a.state() == KafkaStreams.State.ERROR)) {
                throw new IllegalStateException("stages did not start: " + states());
            }
            Thread.sleep(50);
        }
    }

    /**
     * MediaPipe's selfie segmentation by default, for real and synthetic drivers alike: on the
     * synthetic heads it is both closer to the exact masks than the shipped synthetic-trained
     * network (IoU 0.98 against 0.90) and cheaper (4 against 9 ms a frame on one core).
     */
    private FrameSegmenter segmenter() {
        boolean selfieThere = Assets.has(Assets.SELFIE_SEGMENTATION);
        if (options.segmenter().equals("synthetic") || options.segmenter().equals("auto") && !selfieThere) {
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

    /** Stops the stages (committing what they processed); the broker and the rest close with {@link #close}. */
    void stopStages() {
        for (KafkaStreams app : apps.values()) {
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
        stopStages();
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                out.println("while shutting down: " + e.getMessage());
            }
        }
    }
}
