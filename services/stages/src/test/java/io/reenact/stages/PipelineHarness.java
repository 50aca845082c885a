package io.reenact.stages;

import io.reenact.avatar.EnrolTopology;
import io.reenact.avatar.FineTuneWorker;
import io.reenact.common.ClientSettings;
import io.reenact.common.ReenactSerdes;
import io.reenact.common.StreamsSettings;
import io.reenact.common.Topics;
import io.reenact.generate.GenerateTopology;
import io.reenact.kafka.EmbeddedKafka;
import io.reenact.pose.PoseTopology;
import io.reenact.schema.Avatar;
import io.reenact.schema.DeadLetter;
import io.reenact.schema.ReenactedFrame;
import io.reenact.schema.SessionBinding;
import io.reenact.segment.SegmentTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The whole pipeline on a real in-process broker: one KafkaStreams instance per stage (as the
 * services run them), a producer for inputs and a collector of everything written to the output,
 * avatars and dead-letter topics. One per test class.
 */
public final class PipelineHarness implements AutoCloseable {

    public static final int PARTITIONS = 2;

    /** The in-process broker this harness started, or null when it runs against an external one. */
    public final EmbeddedKafka kafka;
    public final String bootstrapServers;
    public final RecordedStageMetrics metrics = new RecordedStageMetrics();
    public final List<ReenactedFrame> reenacted = new CopyOnWriteArrayList<>();
    public final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    public final List<Avatar> avatars = new CopyOnWriteArrayList<>();
    private final List<KafkaStreams> streams = new ArrayList<>();
    private final KafkaProducer<String, byte[]> producer;
    private final Thread collector;
    private final KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;
    private final KafkaStreams generate;
    private final FineTuneWorker fineTuning;
    public final GenerateTopology generateTopology;

    /** Starts its own in-process broker and closes it with the harness. */
    public PipelineHarness(Path stateDir, StageOptions options) {
        this(stateDir, options, EmbeddedKafka.builder().freePorts().tempDir().start());
    }

    /** Runs against a broker someone else owns (e.g. a container); the pipeline topics must not exist yet. */
    public PipelineHarness(Path stateDir, StageOptions options, String bootstrapServers) {
        this(stateDir, options, null, bootstrapServers);
    }

    private PipelineHarness(Path stateDir, StageOptions options, EmbeddedKafka embedded) {
        this(stateDir, options, embedded, embedded.bootstrapServers());
    }

    private PipelineHarness(Path stateDir, StageOptions options, EmbeddedKafka embedded, String bootstrapServers) {
        this.kafka = embedded;
        this.bootstrapServers = bootstrapServers;
        if (kafka != null) {
            kafka.createTopics(Topics.newTopics(PARTITIONS));
        } else {
            createTopics(bootstrapServers);
        }
        StageOptions measured = options.withMetrics(metrics);
        ReenactorModels models = ShippedModels.models();
        start("segment", stateDir, b -> new SegmentTopology(models, measured).addTo(b));
        start("pose", stateDir, b -> new PoseTopology(models, measured).addTo(b));
        generateTopology = new GenerateTopology(models, measured, 8);
        generate = start("generate", stateDir, generateTopology::addTo);
        start("enrol", stateDir, b -> new EnrolTopology(models, measured).addTo(b));
        fineTuning = new FineTuneWorker(bootstrapServers, "it-fine-tune", measured.serdeConfig(),
                models.fineTuner().orElseThrow(), FrameLimits.DEFAULT, FineTuneWorker.Enrolled.ALWAYS).start();
        producer = new KafkaProducer<>(ClientSettings.producer(bootstrapServers));
        consumer = new KafkaConsumer<>(ClientSettings.consumer(bootstrapServers, "harness"));
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.REENACTED_FRAMES, Topics.DEAD_LETTERS, Topics.AVATARS)) {
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        collector = new Thread(this::collect, "harness-collector");
        collector.setDaemon(true);
        collector.start();
        for (KafkaStreams s : streams) {
            await(Duration.ofSeconds(60), () -> s.state() == KafkaStreams.State.RUNNING, "streams running");
        }
    }

    private static void createTopics(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(Topics.newTopics(PARTITIONS)).all().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create the pipeline topics on " + bootstrapServers, e);
        }
    }

    private KafkaStreams start(String stage, Path stateDir, Consumer<StreamsBuilder> topology) {
        StreamsBuilder builder = new StreamsBuilder();
        topology.accept(builder);
        KafkaStreams s = new KafkaStreams(builder.build(),
                StreamsSettings.builder("it-" + stage, bootstrapServers).stateDir(stateDir.resolve(stage)).build());
        s.start();
        streams.add(s);
        return s;
    }

    private void collect() {
        var reenactedSerde = ReenactSerdes.forType(ReenactedFrame.class).deserializer();
        var deadSerde = ReenactSerdes.forType(DeadLetter.class).deserializer();
        var avatarSerde = ReenactSerdes.forType(Avatar.class).deserializer();
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    if (r.value() == null) {
                        continue;
                    }
                    switch (r.topic()) {
                        case Topics.REENACTED_FRAMES -> reenacted.add(reenactedSerde.deserialize(r.topic(), r.value()));
                        case Topics.DEAD_LETTERS -> deadLetters.add(deadSerde.deserialize(r.topic(), r.value()));
                        case Topics.AVATARS -> avatars.add(avatarSerde.deserialize(r.topic(), r.value()));
                        default -> { }
                    }
                }
            }
        } catch (WakeupException stop) {
            // closing
        }
    }

    public void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("send to " + topic + " failed", e);
        }
    }

    /** Binds a stream to an avatar and waits until the generator's table has it. */
    public void bind(String streamId, String avatarId) {
        send(Topics.SESSION_BINDINGS, streamId, StageFixtures.avro(new SessionBinding(streamId, avatarId,
                System.currentTimeMillis(), false)));
        await(Duration.ofSeconds(30), () -> {
            try {
                ReadOnlyKeyValueStore<String, Object> store = generate.store(StoreQueryParameters.fromNameAndType(
                        GenerateTopology.BINDINGS_STORE, QueryableStoreTypes.keyValueStore()));
                return store.get(streamId) != null;
            } catch (RuntimeException notYet) {
                return false;
            }
        }, "binding of " + streamId);
    }

    /** Writes an avatar directly (bypassing enrolment) and waits until the generator's global table has it. */
    public void putAvatar(Avatar avatar) {
        send(Topics.AVATARS, avatar.getAvatarId(), StageFixtures.avro(avatar));
        awaitAvatarInGenerator(avatar.getAvatarId());
    }

    public void awaitAvatarInGenerator(String avatarId) {
        await(Duration.ofSeconds(30), () -> {
            try {
                ReadOnlyKeyValueStore<String, Object> store = generate.store(StoreQueryParameters.fromNameAndType(
                        GenerateTopology.AVATARS_STORE, QueryableStoreTypes.keyValueStore()));
                return store.get(avatarId) != null;
            } catch (RuntimeException notYet) {
                return false;
            }
        }, "avatar " + avatarId);
    }

    public List<ReenactedFrame> reenactedOf(String streamId) {
        return reenacted.stream().filter(f -> f.getStreamId().equals(streamId)).toList();
    }

    public List<DeadLetter> deadLettersWithKey(String key) {
        return deadLetters.stream()
                .filter(d -> d.getKey() != null
                        && key.equals(new String(StageProcessor.bytes(d.getKey()), java.nio.charset.StandardCharsets.UTF_8)))
                .toList();
    }

    public static void await(Duration timeout, BooleanSupplier condition, String what) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    public Map<String, RecordedStageMetrics.Stage> stageMetrics() {
        return metrics.stages();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            collector.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
        producer.close();
        fineTuning.close();
        for (KafkaStreams s : streams) {
            s.close(Duration.ofSeconds(10));
        }
        if (kafka != null) {
            kafka.close();
        }
    }
}
